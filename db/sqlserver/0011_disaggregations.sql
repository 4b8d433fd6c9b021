-- Disaggregations: the categories a value or a target may be broken down by (sex, age group, urban/rural, ethnicity),
-- their options, and the combinations of categories each indicator may be reported by (combo: category codes in
-- ordinal order joined by +, e.g. 'sex', 'ageGroup+sex').
CREATE TABLE categories (
    code    NVARCHAR(64) NOT NULL PRIMARY KEY,
    name_vi NVARCHAR(200) NOT NULL,
    name_en NVARCHAR(200) NOT NULL
);
CREATE TABLE category_options (
    category_code NVARCHAR(64) NOT NULL REFERENCES categories (code),
    code          NVARCHAR(64) NOT NULL,
    name_vi       NVARCHAR(200) NOT NULL,
    name_en       NVARCHAR(200) NOT NULL,
    sort          INT NOT NULL,
    updated_at    NVARCHAR(64) NOT NULL,
    updated_by    NVARCHAR(200) NOT NULL,
    PRIMARY KEY (category_code, code)
);
CREATE TABLE indicator_category_combos (
    indicator_code NVARCHAR(64) NOT NULL REFERENCES indicators (code),
    combo          NVARCHAR(200) NOT NULL,
    PRIMARY KEY (indicator_code, combo)
);
INSERT INTO categories (code, name_vi, name_en) VALUES (N'sex', N'Giới tính', N'Sex');
INSERT INTO categories (code, name_vi, name_en) VALUES (N'ageGroup', N'Nhóm tuổi', N'Age group');
INSERT INTO categories (code, name_vi, name_en) VALUES (N'area', N'Thành thị/nông thôn', N'Urban/rural');
INSERT INTO categories (code, name_vi, name_en) VALUES (N'ethnicity', N'Dân tộc', N'Ethnicity');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'sex', N'male', N'Nam', N'Male', 1, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'sex', N'female', N'Nữ', N'Female', 2, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ageGroup', N'under1', N'Dưới 1 tuổi', N'Under 1', 1, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ageGroup', N'under5', N'Dưới 5 tuổi', N'Under 5', 2, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ageGroup', N'y1_18', N'Từ 1 đến 18 tuổi', N'Aged 1-18', 3, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ageGroup', N'y15_49', N'Từ 15 đến 49 tuổi', N'Aged 15-49', 4, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ageGroup', N'y60plus', N'Từ 60 tuổi trở lên', N'Aged 60 and over', 5, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'area', N'urban', N'Thành thị', N'Urban', 1, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'area', N'rural', N'Nông thôn', N'Rural', 2, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ethnicity', N'kinh', N'Kinh', N'Kinh', 1, N'2026-12-02T00:00:00.000Z', N'migration');
INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (N'ethnicity', N'minority', N'Dân tộc thiểu số', N'Ethnic minority', 2, N'2026-12-02T00:00:00.000Z', N'migration');

-- A value is keyed by its disaggregation too: '' is the total, otherwise 'category:option' pairs ordered by category
-- code and joined by ';' ('sex:female', 'ageGroup:under5;sex:male'). The primary key of 0001 has a generated name.
ALTER TABLE data_values ADD disaggregation NVARCHAR(200) NOT NULL CONSTRAINT df_data_values_disaggregation DEFAULT '';
DECLARE @pk NVARCHAR(256) = (SELECT name FROM sys.key_constraints WHERE type = 'PK' AND parent_object_id = OBJECT_ID(N'data_values'));
DECLARE @drop NVARCHAR(400) = N'ALTER TABLE data_values DROP CONSTRAINT ' + QUOTENAME(@pk);
EXEC sp_executesql @drop;
ALTER TABLE data_values ADD CONSTRAINT pk_data_values PRIMARY KEY (indicator_code, unit_id, period, disaggregation);

ALTER TABLE targets ADD disaggregation NVARCHAR(200) NOT NULL CONSTRAINT df_targets_disaggregation DEFAULT '';
ALTER TABLE target_revisions ADD disaggregation NVARCHAR(200) NOT NULL CONSTRAINT df_target_revisions_disaggregation DEFAULT '';
ALTER TABLE audit_log ADD disaggregation NVARCHAR(200) NULL;
