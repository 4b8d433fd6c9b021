-- Disaggregations: the categories a value or a target may be broken down by (sex, age group, urban/rural, ethnicity),
-- their options, and the combinations of categories each indicator may be reported by (combo: category codes in
-- ordinal order joined by +, e.g. 'sex', 'ageGroup+sex').
CREATE TABLE categories (
    code    TEXT NOT NULL PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE category_options (
    category_code TEXT    NOT NULL REFERENCES categories (code),
    code          TEXT    NOT NULL,
    name_vi       TEXT    NOT NULL,
    name_en       TEXT    NOT NULL,
    sort          INTEGER NOT NULL,
    updated_at    TEXT    NOT NULL,
    updated_by    TEXT    NOT NULL,
    PRIMARY KEY (category_code, code)
);
CREATE TABLE indicator_category_combos (
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    combo          TEXT NOT NULL,
    PRIMARY KEY (indicator_code, combo)
);
INSERT INTO categories (code, name_vi, name_en) VALUES ('sex', 'Giới tính', 'Sex');
INSERT INTO categories (code, name_vi, name_en) VALUES ('ageGroup', 'Nhóm tuổi', 'Age group');
INSERT INTO categories (code, name_vi, name_en) VALUES ('area', 'Thành thị/nông thôn', 'Urban/rural');
INSERT INTO categories (code, name_vi, name_en) VALUES ('ethnicity', 'Dân tộc', 'Ethnicity');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('sex', 'male', 'Nam', 'Male', 1, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('sex', 'female', 'Nữ', 'Female', 2, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ageGroup', 'under1', 'Dưới 1 tuổi', 'Under 1', 1, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ageGroup', 'under5', 'Dưới 5 tuổi', 'Under 5', 2, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ageGroup', 'y1_18', 'Từ 1 đến 18 tuổi', 'Aged 1-18', 3, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ageGroup', 'y15_49', 'Từ 15 đến 49 tuổi', 'Aged 15-49', 4, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ageGroup', 'y60plus', 'Từ 60 tuổi trở lên', 'Aged 60 and over', 5, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('area', 'urban', 'Thành thị', 'Urban', 1, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('area', 'rural', 'Nông thôn', 'Rural', 2, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ethnicity', 'kinh', 'Kinh', 'Kinh', 1, '2026-12-02T00:00:00.000Z', 'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES ('ethnicity', 'minority', 'Dân tộc thiểu số', 'Ethnic minority', 2, '2026-12-02T00:00:00.000Z', 'migration');

-- A value is keyed by its disaggregation too: '' is the total, otherwise 'category:option' pairs ordered by category
-- code and joined by ';' ('sex:female', 'ageGroup:under5;sex:male'). SQLite cannot change a primary key in place, so
-- the table is rebuilt with every row kept.
CREATE TABLE data_values_new (
    indicator_code TEXT    NOT NULL REFERENCES indicators (code),
    unit_id        TEXT    NOT NULL REFERENCES units (id),
    period         TEXT    NOT NULL,
    disaggregation TEXT    NOT NULL DEFAULT '',
    period_start   TEXT    NOT NULL,
    period_end     TEXT    NOT NULL,
    value          REAL    NOT NULL,
    numerator      REAL    NULL,
    denominator    REAL    NULL,
    comment        TEXT    NULL,
    source         TEXT    NULL,
    submission_id  INTEGER NOT NULL REFERENCES submissions (id),
    updated_at     TEXT    NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (indicator_code, unit_id, period, disaggregation)
);
INSERT INTO data_values_new (indicator_code, unit_id, period, disaggregation, period_start, period_end, value, numerator, denominator,
                             comment, source, submission_id, updated_at, updated_by)
SELECT indicator_code, unit_id, period, '', period_start, period_end, value, numerator, denominator, comment, source, submission_id, updated_at, updated_by
FROM data_values;
DROP TABLE data_values;
ALTER TABLE data_values_new RENAME TO data_values;
CREATE INDEX ix_values_unit ON data_values (unit_id, indicator_code, period_end);
CREATE INDEX ix_values_submission ON data_values (submission_id);

ALTER TABLE targets ADD COLUMN disaggregation TEXT NOT NULL DEFAULT '';
ALTER TABLE target_revisions ADD COLUMN disaggregation TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN disaggregation TEXT NULL;
