-- Ready-made views over the corpus tables (created or replaced by every `sgb index`).

-- One row per measure and responsible agency, with the measure's due date (its earliest deadline,
-- else the nearest ancestor's: `due_inherited`). A measure that names no agency of its own is the
-- task of its nearest ancestor's agencies (`agencies_inherited`), as under a group clause.
CREATE OR REPLACE VIEW tasks AS
SELECT
    m.due,
    a.name AS agency,
    a.role,
    a.full_name,
    m.path AS measure,
    m.title AS measure_title,
    m.level,
    c.title AS circular,
    c.issuer,
    c.doc_number,
    c.date,
    c.path AS file,
    m.due_inherited,
    m.agency_path <> m.path AS agencies_inherited,
    m.sha256
FROM measures m
JOIN agencies a ON a.sha256 = m.sha256 AND a.measure_path = m.agency_path
JOIN circulars c ON c.sha256 = m.sha256;

-- The tasks that have a due date, soonest first: `sgb due` reads this.
CREATE OR REPLACE VIEW due AS
SELECT * FROM tasks
WHERE due IS NOT NULL
ORDER BY due, file, measure, agency;

-- Targets grouped by what they measure and their base unit.
CREATE OR REPLACE VIEW targets_by_metric AS
SELECT
    coalesce(metric, '') AS metric,
    unit,
    count(*) AS targets,
    count(DISTINCT sha256) AS circulars,
    sum(value) AS total,
    min(value) AS smallest,
    max(value) AS largest
FROM targets
GROUP BY ALL
ORDER BY targets DESC, metric, unit;

-- Incentives (奖励, 补贴, 贴息 …) announced by each issuer, per kind and base unit.
CREATE OR REPLACE VIEW incentives_by_issuer AS
SELECT
    coalesce(c.issuer, '') AS issuer,
    i.kind,
    i.unit,
    count(*) AS incentives,
    count(DISTINCT i.sha256) AS circulars,
    sum(i.value) AS total
FROM incentives i
JOIN circulars c ON c.sha256 = i.sha256
GROUP BY ALL
ORDER BY issuer, total DESC NULLS LAST, kind, unit;
