"""Column schemas for the tables in ``data/``.

Each table is described by a :class:`TableSchema`: its columns in order, each
column's kind, whether it may be empty, and the values it may take. The loaders
in :mod:`calfkit.data` check every file against its schema, so an edited or
corrupt file fails with a message naming the file, the column and the row.

Column kinds
------------
``id``
    snake_case identifier, unique within the table.
``text``
    free text (UTF-8).
``int`` / ``float``
    numbers; ``float`` columns hold the physical quantities (units in
    ``data/README.md``).
``bool``
    the literal ``true`` or ``false``.
``choice``
    one of a fixed set of values.
``seeds``
    ``;``-separated seed file names (may be empty for evidence-only rows).
``sources``
    ``;``-separated ids from ``data/sources.csv`` (never empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Column",
    "TableSchema",
    "SCHEMAS",
    "GRADES",
    "VERDICTS",
    "URGENCIES",
    "SOURCE_KINDS",
    "CHECKED_AGAINST",
    "AUTHORITIES",
    "AGE_GROUPS",
    "SEXES",
]

GRADES = ("H", "M", "L", "none")
"""Evidence grades: H primary data seen, M secondary, L weak or contested,
``none`` for the seed articles, which are subject matter, not evidence."""

VERDICTS = ("supported", "contested", "incorrect")
URGENCIES = ("emergency", "urgent", "soon", "routine")

SOURCE_KINDS = ("seed", "paper", "guideline", "patient_info", "software")
"""``patient_info``: a public health-information page (NHS, Merck Manual, a hospital
leaflet, WHO), cited for what it tells the public to do, not as research evidence."""

CHECKED_AGAINST = ("seed file", "abstract", "full text", "guideline page", "patient page", "not found", "not checked")
"""What a source was re-read against when its rows were checked (``sources.csv``):
``not found`` means searched for but no text of it was found; ``not checked`` means not yet
searched for, so the rows citing it are not confirmed."""

AUTHORITIES = ("NIH ODS", "EFSA")
"""Who publishes a reference intake (``nutrient_intakes.csv``): the NIH Office of Dietary
Supplements lists the US National Academies' values; EFSA sets the European ones."""

AGE_GROUPS = ("14-18", "adult")
"""Age groups of ``nutrient_intakes.csv``: ``14-18`` is a teenage learner (each authority's own
teenage band is in ``age_range``), ``adult`` is 18 or 19 years and over."""

SEXES = ("female", "male")


@dataclass(frozen=True)
class Column:
    """One column of a data table.

    Parameters
    ----------
    name : str
        Column header in the CSV file.
    kind : str
        One of ``id``, ``text``, ``int``, ``float``, ``bool``, ``choice``,
        ``seeds``, ``sources``.
    required : bool
        Whether every row must have a value.
    choices : tuple of str
        Allowed values for ``choice`` columns.
    minimum, maximum : float or None
        Inclusive bounds for numeric columns.
    """

    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class TableSchema:
    """The expected shape of one CSV file in ``data/``."""

    name: str
    description: str
    columns: tuple[Column, ...]
    id_column: str = "id"
    extra: dict = field(default_factory=dict)

    @property
    def filename(self) -> str:
        """File name inside ``data/``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]


def _seeds() -> Column:
    return Column("seeds", "seeds", required=False)


def _sources() -> Column:
    return Column("sources", "sources")


CAUSE_CATEGORIES = (
    "training_error",
    "muscle_injury",
    "biomechanics",
    "footwear",
    "hydration_electrolytes",
    "circulation",
    "nerve",
    "cramp",
    "tendon",
    "bone",
    "medical_condition",
)

SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in (
        TableSchema(
            "sources",
            "Every source id used anywhere in the kit, with its citation and evidence grade.",
            (
                Column("id", "id"),
                Column("kind", "choice", choices=SOURCE_KINDS),
                Column("citation", "text"),
                Column("year", "int", required=False, minimum=1900, maximum=2100),
                Column("url_or_doi", "text", required=False),
                Column("evidence_grade", "choice", choices=GRADES),
                Column("checked_against", "choice", choices=CHECKED_AGAINST),
                Column("checked_on", "text", required=False),
            ),
        ),
        TableSchema(
            "causes",
            "Every cause of calf soreness or calf pain named by a seed article.",
            (
                Column("id", "id"),
                Column("name", "text"),
                Column("category", "choice", choices=CAUSE_CATEGORIES),
                Column("mechanism", "text"),
                Column("typical_onset", "text"),
                Column("modifiable", "bool"),
                Column("red_flag", "bool"),
                Column("evidence_grade", "choice", choices=GRADES[:3]),
                Column("evidence_note", "text"),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "nutrients",
            "Nutrients the seeds discuss: food sources, muscle function and adult reference intakes.",
            (
                Column("id", "id"),
                Column("nutrient", "text"),
                Column("population", "text"),
                Column(
                    "intake_kind",
                    "choice",
                    choices=("RDA", "AI", "UL", "CDRR", "range", "none"),
                ),
                Column("amount_low", "float", required=False, minimum=0),
                Column("amount_high", "float", required=False, minimum=0),
                Column("unit", "text", required=False),
                Column("food_sources", "text"),
                Column("muscle_function", "text"),
                Column("evidence_note", "text"),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "nutrient_intakes",
            "Reference intakes of the cramp and hydration nutrients by age group, sex and authority (NIH ODS, EFSA).",
            (
                Column("id", "id"),
                Column("nutrient", "text"),
                Column("authority", "choice", choices=AUTHORITIES),
                Column("age_group", "choice", choices=AGE_GROUPS),
                Column("age_range", "text"),
                Column("sex", "choice", choices=SEXES),
                Column("intake_kind", "choice", choices=("RDA", "AI", "PRI", "CDRR", "safe and adequate")),
                Column("amount_low", "float", minimum=0),
                Column("amount_high", "float", minimum=0),
                Column("unit", "text"),
                Column("note", "text", required=False),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "doms_timeline",
            "What each source says about DOMS onset, peak and duration, one row per source.",
            (
                Column("id", "id"),
                Column("said_by", "text"),
                Column("kind", "choice", choices=("seed", "evidence", "consensus")),
                Column("context", "text"),
                Column("statement", "text"),
                Column("onset_h_low", "float", required=False, minimum=0, maximum=336),
                Column("onset_h_high", "float", required=False, minimum=0, maximum=336),
                Column("peak_h_low", "float", required=False, minimum=0, maximum=336),
                Column("peak_h_high", "float", required=False, minimum=0, maximum=336),
                Column("resolved_h_low", "float", required=False, minimum=0, maximum=336),
                Column("resolved_h_high", "float", required=False, minimum=0, maximum=336),
                Column("agrees_with_consensus", "choice", choices=VERDICTS + ("not_stated",)),
                Column("claim", "text", required=False),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "red_flags",
            "Symptom patterns that mean 'stop self-care and see a clinician', with urgency.",
            (
                Column("id", "id"),
                Column("symptom_pattern", "text"),
                Column("possible_condition", "text"),
                Column("what_to_do", "text"),
                Column("urgency", "choice", choices=URGENCIES),
                Column("symptom_tags", "text"),
                Column("risk_factor_tags", "text", required=False),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "treatments",
            "Treatment, self-care and prevention advice from the seeds, each with an evidence grade.",
            (
                Column("id", "id"),
                Column("advice", "text"),
                Column("kind", "choice", choices=("treatment", "self_care", "prevention")),
                Column("step", "int", required=False, minimum=1, maximum=20),
                Column("dose_low", "float", required=False, minimum=0),
                Column("dose_high", "float", required=False, minimum=0),
                Column("dose_unit", "text", required=False),
                Column("dose_text", "text", required=False),
                Column("seed_says", "text"),
                Column("evidence_says", "text"),
                Column("evidence_grade", "choice", choices=GRADES[:3]),
                _seeds(),
                _sources(),
            ),
        ),
        TableSchema(
            "claims",
            "An audit of the seed articles' factual claims with a verdict for each.",
            (
                Column("id", "id"),
                Column("topic", "text"),
                Column("claim", "text"),
                Column("verdict", "choice", choices=VERDICTS),
                Column("explanation", "text"),
                Column("seeds", "seeds"),
                _sources(),
            ),
        ),
        TableSchema(
            "model_parameters",
            "Every number the models use, with its range, unit, source and evidence grade.",
            (
                Column("id", "id"),
                Column("model", "choice", choices=("training_load", "soreness_risk", "doms", "fluid_loss")),
                Column("description", "text"),
                Column("value", "float"),
                Column("low", "float"),
                Column("high", "float"),
                Column("unit", "text"),
                Column("evidence_grade", "choice", choices=GRADES[:3]),
                Column("note", "text", required=False),
                _seeds(),
                _sources(),
            ),
        ),
    )
}
