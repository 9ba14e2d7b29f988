-- 003-name-search.sql — fast as-you-type name search on a large directory (P6)
--
-- A trigram scan alone must rank every patron sharing a common name (on a
-- million patrons, thousands of Tremblays) before it can return the first 25.
-- Instead: a small dictionary of the words used in names finds the words the
-- query means (prefix as typed, or close when mistyped), and an ordered index
-- on each name key returns the first patrons of each word directly.
--
-- The keys, the trigger that fills the dictionary and the searches are in
-- server/functions/patron-search.sql, which runs before this migration.

CREATE TABLE name_word (
  word text PRIMARY KEY COLLATE "C"
);
CREATE INDEX name_word_trigram ON name_word USING gin (word gin_trgm_ops);

ALTER TABLE name_word ENABLE ROW LEVEL SECURITY;
CREATE POLICY name_word_read ON name_word FOR SELECT USING (true);

-- A patron's keys: the last name (or the company), and the first name.
ALTER TABLE patron
  ADD COLUMN key_last text COLLATE "C" GENERATED ALWAYS AS (ts_name_key (coalesce (last_name, company))) STORED,
  ADD COLUMN key_first text COLLATE "C" GENERATED ALWAYS AS (ts_name_key (first_name)) STORED;
CREATE INDEX patron_key_last ON patron (key_last, key_first, id);
CREATE INDEX patron_key_first ON patron (key_first, key_last, id);

CREATE TRIGGER patron_name_words AFTER INSERT OR UPDATE OF first_name, last_name, company ON patron
  FOR EACH ROW EXECUTE FUNCTION ts_name_words ();

INSERT INTO name_word (word)
SELECT DISTINCT w FROM patron p, unnest (ARRAY[p.key_last, p.key_first]) w
 WHERE w <> ''
ON CONFLICT DO NOTHING;

GRANT SELECT ON name_word TO tessera_app;

