"""Builders of realistic synthetic training-log files, for the tests and the bundled samples.

Every builder returns bytes (or text) built from numbers the caller chose,
so a test knows the true totals without reading the file back through
calfkit. Run ``python -m tests.logs_fixtures`` from the repository root to
rewrite ``data/samples/*.csv``; ``tests/test_logs_samples.py`` checks that
the bundled files equal what these functions produce.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), used by the tests' own haversine."""

STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
    "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,"
    "Elevation Low,Elevation High,Max Grade,Average Grade,Average Positive Grade,Average Negative Grade,"
    "Max Cadence,Average Cadence,Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories,"
    "Max Temperature,Average Temperature,Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,"
    "Other Time,Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,Prefer Perceived Exertion,"
    "Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,Grade Adjusted Distance,"
    "Weather Observation Time,Weather Condition,Weather Temperature,Apparent Temperature,Dewpoint,Humidity,"
    "Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,Precipitation Intensity,Sunrise Time,Sunset Time,"
    "Moon Phase,Bike,Gear,Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,"
    "Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,Dirt Distance,"
    "Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,Total Steps,Carbon Saved,Pool Length,"
    "Training Load,Intensity,Average Grade Adjusted Pace,Timer Time,Total Cycles,Media"
).split(",")
"""The column names of Strava's bulk-export activities.csv (note the repeated names)."""

UTC = timezone.utc


@dataclass(frozen=True)
class Run:
    """One activity as the test means it: UTC start, km, elapsed minutes, sport label."""

    start: datetime
    km: float
    minutes: float
    sport: str = "running"


def haversine_km(points: list[tuple[float, float]]) -> float:
    """Great-circle length (km) of a lat/lon polyline, computed independently of calfkit."""
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
    return total / 1000


def track_points(
    run: Run, lat0: float = 51.5007, lon0: float = -0.1246, step_s: int = 10
) -> list[tuple[float, float, datetime]]:
    """A loop-shaped track of about ``run.km`` with a point every ``step_s`` seconds.

    The last point is exactly ``run.minutes`` after the first. Positions are
    rounded to 7 decimals, as GPS files store them.
    """
    count = max(int(run.minutes * 60 / step_s), 2) + 1
    step_m = run.km * 1000 / (count - 1)
    lat, lon = math.radians(lat0), math.radians(lon0)
    points = []
    for i in range(count):
        moment = run.start + timedelta(seconds=run.minutes * 60 * i / (count - 1))
        points.append((round(math.degrees(lat), 7), round(math.degrees(lon), 7), moment))
        bearing = 2 * math.pi * i / (count - 1)
        delta = step_m / EARTH_RADIUS_M
        new_lat = math.asin(math.sin(lat) * math.cos(delta) + math.cos(lat) * math.sin(delta) * math.cos(bearing))
        lon += math.atan2(
            math.sin(bearing) * math.sin(delta) * math.cos(lat), math.cos(delta) - math.sin(lat) * math.sin(new_lat)
        )
        lat = new_lat
    return points


def _iso(moment: datetime, style: str = "Z") -> str:
    if style == "naive":
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if style == "Z":
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat(timespec="seconds")


def gpx_bytes(
    tracks: list[tuple[str | None, list[tuple[float, float, datetime]]]], time_style: str = "Z", description: str = ""
) -> bytes:
    """A Strava/Garmin-style GPX 1.1 file, one ``<trk>`` per (type, points) pair.

    ``time_style`` is ``"Z"`` (UTC), ``"offset"`` (the datetimes' own offset)
    or ``"naive"`` (UTC without a designator).
    """
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx creator="StravaGPX" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd '
        "http://www.garmin.com/xmlschemas/TrackPointExtension/v1 "
        'http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd" version="1.1" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
    ]
    first_time = tracks[0][1][0][2] if tracks and tracks[0][1] else datetime(2024, 1, 1, tzinfo=UTC)
    out.append(f" <metadata><time>{_iso(first_time)}</time></metadata>")
    for number, (kind, points) in enumerate(tracks, start=1):
        out.append(f" <trk>\n  <name>Run {number}</name>")
        if description:
            out.append(f"  <desc>{description}</desc>")
        if kind is not None:
            out.append(f"  <type>{kind}</type>")
        out.append("  <trkseg>")
        for i, (lat, lon, moment) in enumerate(points):
            out.append(
                f'   <trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{20 + 5 * math.sin(i / 30):.1f}</ele>'
                f"<time>{_iso(moment, time_style)}</time><extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{140 + i % 15}</gpxtpx:hr><gpxtpx:cad>{84 + i % 4}</gpxtpx:cad>"
                "</gpxtpx:TrackPointExtension></extensions></trkpt>"
            )
        out.append("  </trkseg>\n </trk>")
    out.append("</gpx>\n")
    return "\n".join(out).encode("utf-8")


def gpsbabel_gpx(tracks: list[tuple[str, list[tuple[float, float, datetime | None]]]]) -> bytes:
    """A handheld-GPS log as GPSBabel writes it (GPX 1.0, ``ACTIVE LOG`` tracks, no ``<type>``).

    Each (name, points) pair is one ``<trk>``; a point whose time is None has no ``<time>``,
    and an empty point list gives an empty ``<trkseg>``, like the log's first track.
    """
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.0" creator="GPSBabel - http://www.gpsbabel.org" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.topografix.com/GPX/1/0" '
        'xsi:schemaLocation="http://www.topografix.com/GPX/1/0 http://www.topografix.com/GPX/1/0/gpx.xsd">',
        '<wpt lat="45.75" lon="14.37"><ele>550.0</ele><name>001</name><sym>Flag</sym></wpt>',
    ]
    for name, points in tracks:
        out.append(f"<trk>\n  <name>{name}</name>\n<trkseg>")
        for lat, lon, moment in points:
            time = f"<time>{_iso(moment)}</time>" if moment is not None else ""
            out.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}">\n  <ele>552.1</ele>\n{time}\n</trkpt>')
        out.append("</trkseg>\n</trk>")
    out.append("</gpx>\n")
    return "\n".join(out).encode("utf-8")


_TCX_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 '
    'http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" '
    'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" '
    'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)
_TCX_CLOSE = "</TrainingCenterDatabase>\n"


def tcx_activity(run: Run, laps: int = 2, sport: str = "Running", step_s: int = 10) -> str:
    """One TCX ``<Activity>`` element whose laps add up to ``run.km`` and ``run.minutes``."""
    points = track_points(run, step_s=step_s)
    per_lap = math.ceil(len(points) / laps)
    lap_m = run.km * 1000 / laps
    lap_s = run.minutes * 60 / laps
    out = [f'  <Activity Sport="{sport}">\n   <Id>{_iso(run.start)}</Id>']
    total = len(points) - 1
    for lap in range(laps):
        chunk = points[lap * per_lap : (lap + 1) * per_lap]
        out.append(
            f'   <Lap StartTime="{_iso(chunk[0][2])}"><TotalTimeSeconds>{lap_s:.1f}</TotalTimeSeconds>'
            f"<DistanceMeters>{lap_m:.6f}</DistanceMeters><Calories>{int(lap_m / 15)}</Calories>"
            "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>"
        )
        for offset, (lat, lon, moment) in enumerate(chunk):
            index = lap * per_lap + offset
            out.append(
                f"<Trackpoint><Time>{_iso(moment)}</Time><Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
                f"<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position><AltitudeMeters>21.0</AltitudeMeters>"
                f"<DistanceMeters>{run.km * 1000 * index / total:.1f}</DistanceMeters>"
                f"<HeartRateBpm><Value>{140 + index % 12}</Value></HeartRateBpm></Trackpoint>"
            )
        out.append("</Track></Lap>")
    out.append("  </Activity>")
    return "\n".join(out)


def tcx_bytes(run: Run, laps: int = 2, sport: str = "Running", step_s: int = 10) -> bytes:
    """A Garmin-style TCX activity whose laps add up to ``run.km`` and ``run.minutes``."""
    body = tcx_activity(run, laps, sport, step_s)
    return f"{_TCX_OPEN}\n <Activities>\n{body}\n </Activities>\n{_TCX_CLOSE}".encode()


def tcx_activities_bytes(activities: list[tuple[str, Run]]) -> bytes:
    """Several ``<Activity>`` elements in one file (Garmin Training Center's export), in the order given."""
    body = "\n".join(tcx_activity(run, sport=sport) for sport, run in activities)
    return f"{_TCX_OPEN}\n <Activities>\n{body}\n </Activities>\n{_TCX_CLOSE}".encode()


def tcx_multisport_bytes(legs: list[tuple[str, Run]], transition_s: float = 90.0) -> bytes:
    """A triathlon-style TCX: a ``<MultiSportSession>`` with ``<FirstSport>`` and ``<NextSport>`` legs.

    Each ``<NextSport>`` starts with a ``<Transition>`` lap of ``transition_s`` seconds ending
    when its leg starts (TCX v2 schema: MultiSportSession_t, NextSport_t).
    """
    out = [f"{_TCX_OPEN}\n <Activities>\n  <MultiSportSession><Id>{_iso(legs[0][1].start)}</Id>"]
    for number, (sport, run) in enumerate(legs):
        if number == 0:
            out.append(f"  <FirstSport>\n{tcx_activity(run, sport=sport)}\n  </FirstSport>")
            continue
        began = run.start - timedelta(seconds=transition_s)
        out.append(
            f'  <NextSport><Transition StartTime="{_iso(began)}"><TotalTimeSeconds>{transition_s:.1f}'
            "</TotalTimeSeconds><DistanceMeters>120.0</DistanceMeters><Calories>5</Calories>"
            "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod></Transition>\n"
            f"{tcx_activity(run, sport=sport)}\n  </NextSport>"
        )
    out.append(f"  </MultiSportSession>\n </Activities>\n{_TCX_CLOSE}")
    return "\n".join(out).encode("utf-8")


def fit_bytes(
    sessions: list[Run],
    local_offset_h: float | None = None,
    step_s: int = 10,
    omit: frozenset[str] = frozenset(),
    positions: bool = False,
) -> bytes:
    """A FIT activity file written with Garmin's own encoder.

    One session per run (several make a multisport file), records every
    ``step_s`` seconds, and an ``activity`` message whose ``local_timestamp``
    is UTC plus ``local_offset_h`` hours (left out when None). ``omit`` leaves
    out ``"session_distance"``, ``"lap_distance"``, ``"record_distance"``,
    ``"session"`` (the whole session message) or ``"lap"``, as some devices
    do; ``positions`` adds each record's latitude and longitude (semicircles)
    along :func:`track_points`.
    """
    from garmin_fit_sdk import Encoder, Profile
    from garmin_fit_sdk.util import convert_datetime_to_timestamp

    numbers = Profile["mesg_num"]
    encoder = Encoder()
    first = sessions[0].start
    encoder.write_mesg(
        {
            "mesg_num": numbers["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 1,
            "serial_number": 12345,
            "time_created": first,
        }
    )
    end = first
    for index, run in enumerate(sessions):
        seconds = run.minutes * 60
        steps = max(int(seconds // step_s), 1)
        track = track_points(Run(run.start, run.km, run.minutes), step_s=1) if positions else []
        for i in range(steps + 1):
            record = {
                "mesg_num": numbers["RECORD"],
                "timestamp": run.start + timedelta(seconds=seconds * i / steps),
                "heart_rate": 140 + i % 10,
            }
            if "record_distance" not in omit:
                record["distance"] = run.km * 1000 * i / steps
            if positions:
                lat, lon, _ = track[round(i * (len(track) - 1) / steps)]
                record["position_lat"] = round(lat * 2**31 / 180)
                record["position_long"] = round(lon * 2**31 / 180)
            encoder.write_mesg(record)
        end = run.start + timedelta(seconds=seconds)
        summary = {
            "timestamp": end,
            "start_time": run.start,
            "total_elapsed_time": seconds,
            "total_timer_time": seconds,
            "total_distance": run.km * 1000,
            "sport": run.sport,
        }
        lap = {key: value for key, value in summary.items() if key != "total_distance" or "lap_distance" not in omit}
        if "lap" not in omit:
            encoder.write_mesg({"mesg_num": numbers["LAP"], **lap})
        session = {
            key: value for key, value in summary.items() if key != "total_distance" or "session_distance" not in omit
        }
        if "session" not in omit:
            encoder.write_mesg({"mesg_num": numbers["SESSION"], **session, "num_laps": 1, "first_lap_index": index})
    activity = {
        "mesg_num": numbers["ACTIVITY"],
        "timestamp": end,
        "num_sessions": len(sessions),
        "total_timer_time": sum(run.minutes for run in sessions) * 60,
        "type": "manual",
        "event": "activity",
        "event_type": "stop",
    }
    if local_offset_h is not None:
        activity["local_timestamp"] = convert_datetime_to_timestamp(end + timedelta(hours=local_offset_h))
    encoder.write_mesg(activity)
    return encoder.close()


def strava_date(moment: datetime) -> str:
    """Strava's activities.csv date text for a UTC moment, e.g. ``Feb 17, 2022, 12:18:26 PM``."""
    moment = moment.astimezone(UTC)
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


@dataclass(frozen=True)
class StravaRow:
    """One activities.csv row: what the test puts in, in the units a test thinks in."""

    activity_id: int
    start: datetime
    kind: str
    km: float
    elapsed_s: int
    name: str = "Morning Run"
    description: str = ""


def strava_csv(rows: list[StravaRow], header: list[str] = STRAVA_HEADER) -> str:
    """activities.csv text with Strava's columns, quoting and duplicated Distance / Elapsed Time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        seen: dict[str, int] = {}
        cells = []
        for name in header:
            copy = seen.get(name, 0)
            seen[name] = copy + 1
            ext = "fit.gz" if row.kind in ("Run", "Trail Run") else "gpx.gz"
            cells.append(
                {
                    ("Activity ID", 0): str(row.activity_id),
                    ("Activity Date", 0): strava_date(row.start),
                    ("Activity Name", 0): row.name,
                    ("Activity Type", 0): row.kind,
                    ("Activity Description", 0): row.description,
                    ("Elapsed Time", 0): str(row.elapsed_s),
                    ("Distance", 0): f"{row.km:.2f}",
                    ("Commute", 0): "false",
                    ("Filename", 0): f"activities/{row.activity_id}.{ext}",
                    ("Elapsed Time", 1): f"{float(row.elapsed_s):.1f}",
                    ("Moving Time", 0): f"{float(row.elapsed_s - 60):.1f}",
                    ("Distance", 1): repr(row.km * 1000),
                    ("Average Speed", 0): repr(row.km * 1000 / row.elapsed_s),
                    ("Elevation Gain", 0): "42.0",
                    ("Average Heart Rate", 0): "148.0" if "Run" in row.kind else "",
                    ("From Upload", 0): "1.0",
                    ("Media", 0): "",
                }.get((name, copy), "")
            )
        writer.writerow(cells)
    return buffer.getvalue()


STRAVA_HEADER_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "Activity ID": "Activiteits-ID",
        "Activity Date": "Datum van activiteit",
        "Activity Name": "Naam activiteit",
        "Activity Type": "Activiteitstype",
        "Activity Description": "Beschrijving activiteit",
        "Elapsed Time": "Verstreken tijd",
        "Distance": "Afstand",
        "Moving Time": "Beweegtijd",
        "Max Heart Rate": "Max. hartslag",
        "Filename": "Bestandsnaam",
        "Commute": "Woon-werkverkeer",
        "Relative Effort": "Relatieve inspanning",
    },
    "de": {
        "Activity ID": "Aktivitäts-ID",
        "Activity Date": "Aktivitätsdatum",
        "Activity Name": "Name der Aktivität",
        "Activity Type": "Aktivitätsart",
        "Elapsed Time": "Verstrichene Zeit",
        "Distance": "Distanz",
        "Filename": "Dateiname",
    },
    "fr": {
        "Activity ID": "ID de l'activité",
        "Activity Date": "Date de l'activité",
        "Activity Name": "Nom de l'activité",
        "Activity Type": "Type d'activité",
        "Elapsed Time": "Temps écoulé",
        "Distance": "Distance",
        "Moving Time": "Durée de déplacement",
        "Filename": "Nom de fichier",
    },
    "es": {
        "Activity ID": "ID de actividad",
        "Activity Date": "Fecha de la actividad",
        "Activity Name": "Nombre de la actividad",
        "Activity Type": "Tipo de actividad",
        "Elapsed Time": "Tiempo transcurrido",
        "Distance": "Distancia",
    },
}
"""Header words of localised Strava exports, as far as real exports show them (other columns get a
stand-in name in the fixture; calfkit reads none of the names)."""


def localized_strava_csv(
    rows: list[StravaRow],
    language: str,
    date_text,
    types: dict[str, str],
    decimal_comma: bool = True,
    old_layout: bool = False,
) -> str:
    """A Strava activities.csv as a non-English account exports it.

    Built from :func:`strava_csv`'s English file: the header translated (no English name
    left), ``Activity Date`` written by ``date_text(utc_naive_datetime)``, each type replaced
    by ``types`` (English -> local), and with ``decimal_comma`` every decimal point a comma.
    ``old_layout`` keeps only the first 12 columns (no repeated Elapsed Time / Distance, so
    the distance is in the display unit).
    """
    words = STRAVA_HEADER_WORDS.get(language, {})
    english = list(csv.reader(io.StringIO(strava_csv(rows))))
    header = [words.get(name, f"{name} [{language}]") for name in english[0]]
    width = 12 if old_layout else len(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header[:width])
    for row, cells in zip(rows, english[1:]):
        cells = cells[:width]
        cells[1] = date_text(row.start.astimezone(UTC).replace(tzinfo=None))
        cells[3] = types[cells[3]]
        if decimal_comma:
            cells = [cell.replace(".", ",") if re.fullmatch(r"-?[0-9]+\.[0-9]+", cell) else cell for cell in cells]
        writer.writerow(cells)
    return buffer.getvalue()


GARMIN_HEADER_EN = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,Avg Run Cadence,"
    "Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,Avg Stride Length,Avg Vertical Ratio,"
    "Avg Vertical Oscillation,Avg Ground Contact Time,Avg GAP,Normalized Power® (NP®),Training Stress Score®,"
    "Avg Power,Max Power,Steps,Total Reps,Total Sets,Decompression,Best Lap Time,Number of Laps,Moving Time,"
    "Elapsed Time,Min Elevation,Max Elevation"
).split(",")
"""Garmin Connect's English activities CSV (2025 layout, as real exports show it)."""
GARMIN_HEADER_DE = (
    "Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,Ø Herzfrequenz,Maximale Herzfrequenz,"
    "Ø Schrittfrequenz (Laufen),Max. Schrittfrequenz (Laufen),Ø Pace,Beste Pace,Anstieg gesamt,Abstieg gesamt,"
    "Ø Schrittlänge,Training Stress Score®,Schritte,Body Battery Abnahme,Dekompression,Beste Rundenzeit,"
    "Anzahl der Runden,Zeit in Bewegung,Verstrichene Zeit,Minimale Höhe,Maximale Höhe"
).split(",")
"""Garmin Connect's German activities CSV (current layout)."""
GARMIN_HEADER_DE_OLD = (
    "Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,Ø HF,Max. HF,Aerober TE,"
    "Ø Schrittfrequenz (Laufen),Max. Schrittfrequenz (Laufen),Ø Pace,Beste Pace,Positiver Höhenunterschied,"
    "Negativer Höhenunterschied,Ø Schrittlänge,Training Stress Score®,Grit,Flow,Min. Temp.,Dekompression,"
    "Beste Rundenzeit,Max. Temp."
).split(",")
"""An older German layout (2017), without an elapsed-time column."""
GARMIN_EXPORT_TOOL_HEADER = (
    "Activity name,Description,Begin timestamp,Duration (h:m:s),Moving duration (h:m:s),Distance (km),"
    "Average speed (km/h),Average moving speed (km/h),Max. speed (km/h),Elevation loss uncorrected (m),"
    "Elevation gain uncorrected (m),Elevation min. uncorrected (m),Elevation max. uncorrected (m),"
    "Min. heart rate (bpm),Max. heart rate (bpm),Average heart rate (bpm),Calories,Avg. cadence (rpm),"
    "Max. cadence (rpm),Strokes,Avg. temp (°C),Min. temp (°C),Max. temp (°C),Map,End timestamp,"
    "Begin timestamp (ms),End timestamp (ms),Device,Activity type,Event type,Time zone"
).split(",")
"""The garmin-connect-export tool's CSV header."""


@dataclass(frozen=True)
class GarminRow:
    """One activity of a Garmin CSV: local start, distance in the file's unit, times in seconds."""

    kind: str
    start: datetime
    distance: float
    time_s: float
    elapsed_s: float


def _clock(seconds: float, days_style: bool = False) -> str:
    whole = int(round(seconds))
    if days_style and whole >= 86400:
        return str(timedelta(seconds=whole))  # Python's '3 days, 7:15:44', as the export tool writes it
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def garmin_connect_csv(
    rows: list[GarminRow],
    header: list[str],
    date_format: str = "%Y-%m-%d %H:%M:%S",
    decimal_comma: bool = False,
    delimiter: str = ",",
    title: str | None = None,
) -> str:
    """A Garmin Connect activities CSV: Garmin's quoting, ``--`` for missing values, optional title line."""
    buffer = io.StringIO()
    if title is not None:
        buffer.write(title + "\n")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        number = f"{row.distance:.2f}".replace(".", "," if decimal_comma else ".")
        values = {
            0: row.kind,
            1: row.start.strftime(date_format),
            2: "false",
            3: f"{row.kind} 1",
            4: number,
            5: "1,024" if not decimal_comma else "1024",
            6: _clock(row.time_s),
        }
        cells = [values.get(i, "--") for i in range(len(header))]
        for i, name in enumerate(header):
            if name in ("Elapsed Time", "Verstrichene Zeit"):
                cells[i] = _clock(row.elapsed_s)
        writer.writerow(cells)
    return buffer.getvalue()


def garmin_export_tool_csv(rows: list[GarminRow], distance_header: str = "Distance (km)") -> str:
    """The garmin-connect-export tool's CSV (elapsed ``Duration (h:m:s)``, distance in the header's unit)."""
    header = [distance_header if name == "Distance (km)" else name for name in GARMIN_EXPORT_TOOL_HEADER]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = {
            "Activity name": f"{row.kind} 1",
            "Begin timestamp": row.start.strftime("%Y-%m-%d %H:%M:%S"),
            "Duration (h:m:s)": _clock(row.elapsed_s, days_style=True),
            "Moving duration (h:m:s)": _clock(row.time_s, days_style=True),
            distance_header: f"{row.distance:.3f}",
            "Activity type": row.kind,
            "Time zone": "Europe/Berlin",
        }
        writer.writerow([cells.get(name, "") for name in header])
    return buffer.getvalue()


APPLE_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout workoutActivityType CDATA #REQUIRED duration CDATA #IMPLIED durationUnit CDATA #IMPLIED>
]>"""
"""The kind of inline DTD Apple puts at the top of export.xml: element declarations, no entities."""


@dataclass(frozen=True)
class AppleWorkout:
    """One Health workout: kind without the HK prefix, aware start, distance in ``unit``, elapsed minutes."""

    kind: str
    start: datetime
    distance: float | None
    unit: str
    minutes: float


def _apple_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def apple_workout_xml(workout: AppleWorkout, statistics: bool = False) -> str:
    """A ``<Workout>`` as iOS 15 (``totalDistance``) or iOS 16+ (``WorkoutStatistics``) writes it."""
    end = workout.start + timedelta(minutes=workout.minutes)
    dates = f'startDate="{_apple_date(workout.start)}" endDate="{_apple_date(end)}"'
    moving = workout.minutes - 1.5
    head = (
        f'<Workout workoutActivityType="HKWorkoutActivityType{workout.kind}" duration="{moving:.4f}" '
        f'durationUnit="min" sourceName="Synthetic Watch" sourceVersion="10.1" '
        f'creationDate="{_apple_date(end)}" {dates}'
    )
    if workout.distance is not None and not statistics:
        head += f' totalDistance="{workout.distance:.6f}" totalDistanceUnit="{workout.unit}"'
    parts = [
        head + ">",
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>',
        f'  <WorkoutEvent type="HKWorkoutEventTypePause" date="{_apple_date(workout.start + timedelta(minutes=5))}"/>',
    ]
    if workout.distance is not None and statistics:
        parts.append(
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" {dates} '
            f'sum="{workout.distance:.6f}" unit="{workout.unit}"/>'
        )
    parts.append(
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" {dates} average="150" '
        'minimum="95" maximum="172" unit="count/min"/>'
    )
    parts.append(
        f'  <WorkoutRoute sourceName="Synthetic Watch" {dates}><FileReference '
        f'path="/workout-routes/route_{workout.start:%Y-%m-%d_%H.%M}.gpx"/></WorkoutRoute>'
    )
    parts.append(" </Workout>")
    return "\n".join(parts)


def apple_record_xml(moment: datetime, value: int) -> str:
    """A heart-rate ``<Record>``, the kind of line that fills most of export.xml."""
    return (
        f' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Synthetic Watch" sourceVersion="10.1" '
        f'unit="count/min" creationDate="{_apple_date(moment)}" startDate="{_apple_date(moment)}" '
        f'endDate="{_apple_date(moment)}" value="{value}"><MetadataEntry key="HKMetadataKeyHeartRateMotionContext" '
        'value="0"/></Record>'
    )


def apple_health_xml(workouts: list[AppleWorkout], records: int = 50, statistics: bool = False) -> bytes:
    """An Apple Health export.xml: DTD, ExportDate, Me, ``records`` heart-rate records, the workouts."""
    first = workouts[0].start if workouts else datetime(2024, 1, 1, tzinfo=UTC)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        APPLE_DTD,
        '<HealthData locale="en_GB">',
        f' <ExportDate value="{_apple_date(first + timedelta(days=400))}"/>',
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>',
    ]
    lines += [apple_record_xml(first + timedelta(minutes=i), 60 + i % 90) for i in range(records)]
    lines += [apple_workout_xml(workout, statistics) for workout in workouts]
    lines.append("</HealthData>\n")
    return "\n".join(lines).encode("utf-8")


def write_large_apple_export(path: Path, workouts: list[AppleWorkout], megabytes: float) -> None:
    """Write an export.xml of about ``megabytes`` MB of records, then the workouts, in pieces."""
    first = workouts[0].start
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n{APPLE_DTD}\n<HealthData locale="en_GB">\n'
            f' <ExportDate value="{_apple_date(first)}"/>\n <Me/>\n'
        )
        written, i = 0, 0
        while written < megabytes * 1e6:
            block = (
                "\n".join(apple_record_xml(first + timedelta(seconds=5 * (i + k)), 60 + k % 90) for k in range(1000))
                + "\n"
            )
            out.write(block)
            written += len(block)
            i += 1000
        out.write("\n".join(apple_workout_xml(workout) for workout in workouts) + "\n</HealthData>\n")


def gz(data: bytes) -> bytes:
    """gzip ``data`` deterministically (no file name, fixed mtime)."""
    return gzip.compress(data, mtime=0)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding ``members`` (name -> content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def snapshot(path: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time (ns) of a file, or of every file under a folder."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {p.relative_to(path.parent).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


# --- bundled samples -------------------------------------------------------------------------

SAMPLE_START = date(2024, 1, 1)
"""Monday of the plain sample's first week."""
SPIKE_WEEK = 10
"""Week (1-based) in which the plain sample's weekly distance jumps."""
LONG_RUN_WEEK = 13
"""Week in which the plain sample's long run jumps."""


def _sample_weeks() -> list[list[tuple[int, float]]]:
    """Per week, (weekday, km) of each run: a steady build, one mileage spike, one long-run spike."""
    rng = random.Random(20240101)
    weeks = []
    for week in range(1, 17):
        base = 30 + 0.8 * min(week, 9)
        long_run = 12 + 0.3 * min(week, 9)
        if week == SPIKE_WEEK:
            base *= 1.6
        if week == LONG_RUN_WEEK:
            long_run = 26.0
        easy = [(1, 0.24), (3, 0.26), (4, 0.18)] if week != SPIKE_WEEK else [(0, 0.2), (1, 0.2), (3, 0.2), (4, 0.2)]
        rest = max(base - long_run, 8.0)
        runs = [(day, round(rest * share / sum(s for _, s in easy) * rng.uniform(0.9, 1.1), 1)) for day, share in easy]
        runs.append((5, round(long_run, 1)))
        weeks.append(sorted(runs))
    return weeks


def sample_plain_csv() -> str:
    """The bundled ``plain_16_weeks.csv``: date, distance_km, duration_min (16 weeks, one row per run)."""
    rng = random.Random(7)
    lines = ["date,distance_km,duration_min"]
    for week, runs in enumerate(_sample_weeks()):
        for weekday, km in runs:
            day = SAMPLE_START + timedelta(days=7 * week + weekday)
            pace = rng.uniform(5.4, 6.4) if km < 20 else rng.uniform(6.2, 6.8)
            lines.append(f"{day.isoformat()},{km:.1f},{km * pace:.1f}")
    return "\n".join(lines) + "\n"


def sample_strava_rows() -> list[StravaRow]:
    """Four weeks of a Strava export: runs (one late-evening, one double day), rides and walks."""
    rng = random.Random(11)
    rows = []
    activity_id = 10_500_000_000
    first = datetime(2024, 5, 6, 5, 45, tzinfo=UTC)
    for day in range(28):
        weekday = day % 7
        start = first + timedelta(days=day)
        plan: list[tuple[str, float, str, timedelta]] = []
        if weekday in (0, 2, 4):
            plan.append(("Run", rng.uniform(7, 11), "Morning Run", timedelta(0)))
        if weekday == 5:
            plan.append(("Run", 14 + day / 7, "Long Run", timedelta(hours=2)))
        if weekday == 3:
            plan.append(("Ride", rng.uniform(25, 45), "Commute", timedelta(hours=2, minutes=30)))
        if weekday == 6:
            plan.append(("Walk", rng.uniform(3, 6), "Afternoon Walk", timedelta(hours=8)))
        if day == 9:
            plan.append(("Run", 5.0, "Evening shakeout", timedelta(hours=12)))
        if day == 16:
            plan.append(("Trail Run", 12.4, "Night trail run", timedelta(hours=16, minutes=45)))
        for kind, km, name, shift in plan:
            pace_s = 330 if "Run" in kind else (120 if kind == "Ride" else 720)
            activity_id += rng.randint(1000, 90000)
            rows.append(
                StravaRow(
                    activity_id,
                    start + shift,
                    kind,
                    round(km, 2),
                    int(km * pace_s),
                    name,
                    "Legs felt heavy, calves tight" if day == 10 else "",
                )
            )
    return rows


def sample_strava_csv() -> str:
    """The bundled ``strava_activities.csv``."""
    return strava_csv(sample_strava_rows())


SAMPLES = {"plain_16_weeks.csv": sample_plain_csv, "strava_activities.csv": sample_strava_csv}


def write_samples(folder: Path) -> None:
    """Write every bundled sample into ``folder``."""
    for name, build in SAMPLES.items():
        (folder / name).write_text(build(), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    write_samples(Path(__file__).resolve().parent.parent / "data" / "samples")
