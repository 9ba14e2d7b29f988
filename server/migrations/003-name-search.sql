-- 003-name-search.sql — fast as-you-type name search on a large directory (P6)
--
-- A trigram scan alone must rank every patron sharing a common name (on a
-- million patrons, thousands of Tremblays) before it can return the first 25.
-- Instead: a small dictionary of the words used in names finds the words the
-- query means (prefix as typed, or close when mistyped), and an ordered index
-- on each name key returns the first patrons of each word directly.

CREATE TABLE name_word (
  word text PRIMARY KEY COLLATE "C"
);
CREATE INDEX name_word_trigram ON name_word USING gin (word gin_trgm_ops);

ALTER TABLE name_word ENABLE ROW LEVEL SECURITY;
CREATE POLICY name_word_read ON name_word FOR SELECT USING (true);

-- A patron's keys: the last name (or the company), and the first name.
CREATE FUNCTION ts_name_key (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce (btrim (ts_fold (t)), '') COLLATE "C" $$;

ALTER TABLE patron
  ADD COLUMN key_last text COLLATE "C" GENERATED ALWAYS AS (ts_name_key (coalesce (last_name, company))) STORED,
  ADD COLUMN key_first text COLLATE "C" GENERATED ALWAYS AS (ts_name_key (first_name)) STORED;
CREATE INDEX patron_key_last ON patron (key_last, key_first, id);
CREATE INDEX patron_key_first ON patron (key_first, key_last, id);

CREATE FUNCTION ts_name_words () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO name_word (word)
  SELECT DISTINCT w FROM unnest (ARRAY[NEW.key_last, NEW.key_first]) w
   WHERE w <> ''
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;

CREATE TRIGGER patron_name_words AFTER INSERT OR UPDATE OF first_name, last_name, company ON patron
  FOR EACH ROW EXECUTE FUNCTION ts_name_words ();

INSERT INTO name_word (word)
SELECT DISTINCT w FROM patron p, unnest (ARRAY[p.key_last, p.key_first]) w
 WHERE w <> ''
ON CONFLICT DO NOTHING;

-- Patron ids for a one-word query, in a fixed order that depends only on the
-- shared directory: names starting with the word first, then close spellings;
-- within each, by last name, first name and number.
CREATE FUNCTION ts_search_one_word (p_query text, p_limit integer, p_offset integer)
  RETURNS TABLE (id bigint)
  LANGUAGE sql STABLE
  AS $$
  WITH q AS (SELECT ts_name_key (p_query) AS f),
  words AS (
    (SELECT w.word, 0 AS tier, 1.0::real AS closeness FROM name_word w, q
      WHERE w.word LIKE ts_like_escape (q.f) || '%'
      ORDER BY w.word LIMIT 50)
    UNION ALL
    (SELECT w.word, 1 AS tier, word_similarity (q.f, w.word) FROM name_word w, q
      WHERE q.f <% w.word AND w.word NOT LIKE ts_like_escape (q.f) || '%'
      ORDER BY word_similarity (q.f, w.word) DESC, w.word LIMIT 5)),
  hits AS (
    SELECT DISTINCT ON (x.id) x.id, words.tier, words.closeness, x.k1, x.k2
      FROM words,
      LATERAL ((SELECT p.id, p.key_last AS k1, p.key_first AS k2
                 FROM patron p
                WHERE p.key_last = words.word
                ORDER BY p.key_first, p.id
                LIMIT p_limit + p_offset)
               UNION ALL
               (SELECT p.id, p.key_last, p.key_first
                 FROM patron p
                WHERE p.key_first = words.word
                ORDER BY p.key_last, p.id
                LIMIT p_limit + p_offset)) x
     ORDER BY x.id, words.tier)
  SELECT hits.id FROM hits
   ORDER BY tier, closeness DESC, k1, k2, id
   LIMIT p_limit OFFSET p_offset
$$;

GRANT SELECT ON name_word TO tessera_app;

-- The dictionary words a typed word may mean: those it starts, then the
-- closest spellings.
CREATE FUNCTION ts_name_words_for (p_word text, p_prefixes integer, p_close integer)
  RETURNS TABLE (word text, tier integer, closeness real)
  LANGUAGE sql STABLE
  AS $$
  WITH q AS (SELECT ts_name_key (p_word) AS f)
  (SELECT w.word, 0, 1.0::real FROM name_word w, q
    WHERE w.word LIKE ts_like_escape (q.f) || '%'
    ORDER BY w.word LIMIT p_prefixes)
  UNION ALL
  (SELECT w.word, 1, word_similarity (q.f, w.word) FROM name_word w, q
    WHERE q.f <% w.word AND w.word NOT LIKE ts_like_escape (q.f) || '%'
    ORDER BY word_similarity (q.f, w.word) DESC, w.word LIMIT p_close)
$$;

-- Two words: a first name and a last name, in either order.
CREATE FUNCTION ts_search_two_words (p_one text, p_two text, p_limit integer, p_offset integer)
  RETURNS TABLE (id bigint)
  LANGUAGE sql STABLE
  AS $$
  WITH a AS (SELECT * FROM ts_name_words_for (p_one, 10, 3)),
       b AS (SELECT * FROM ts_name_words_for (p_two, 10, 3)),
  hits AS (
    SELECT DISTINCT ON (x.id) x.id, a.tier + b.tier AS tier, x.k1, x.k2
      FROM a, b,
      LATERAL ((SELECT p.id, p.key_last AS k1, p.key_first AS k2 FROM patron p
                 WHERE p.key_last = b.word AND p.key_first = a.word
                 ORDER BY p.id LIMIT p_limit + p_offset)
               UNION ALL
               (SELECT p.id, p.key_last, p.key_first FROM patron p
                 WHERE p.key_last = a.word AND p.key_first = b.word
                 ORDER BY p.id LIMIT p_limit + p_offset)) x
     ORDER BY x.id, a.tier + b.tier)
  SELECT hits.id FROM hits ORDER BY tier, k1, k2, id LIMIT p_limit OFFSET p_offset
$$;
