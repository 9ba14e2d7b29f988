-- patron-search.sql — searching the shared directory (rule P6): names and
-- contact values folded for comparison, the keys and the dictionary of the
-- words used in names, and the searches that use them.
--
-- after: 001 — before 002 and 003, whose generated columns and trigger call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Lower case without accents, for searching "Hélène Côté" as "helene cote".
-- unaccent() is only STABLE (its dictionary could change); naming the
-- dictionary makes the wrapper safe to index.
CREATE OR REPLACE FUNCTION ts_fold (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower (public.unaccent ('public.unaccent'::regdictionary, t)) $$;

CREATE OR REPLACE FUNCTION ts_digits (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace (t, '[^0-9]', '', 'g') $$;

CREATE OR REPLACE FUNCTION ts_postal (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT upper (regexp_replace (t, '[^0-9A-Za-z]', '', 'g')) $$;

CREATE OR REPLACE FUNCTION ts_like_escape (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT replace (replace (replace (t, '\', '\\'), '%', '\%'), '_', '\_') $$;

-- The name dictionary (migration 003) ------------------------------------------
-- A patron's keys: the last name (or the company), and the first name.
CREATE OR REPLACE FUNCTION ts_name_key (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce (btrim (ts_fold (t)), '') COLLATE "C" $$;

CREATE OR REPLACE FUNCTION ts_name_words () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO name_word (word)
  SELECT DISTINCT w FROM unnest (ARRAY[NEW.key_last, NEW.key_first]) w
   WHERE w <> ''
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;

-- Patron ids for a one-word query, in a fixed order that depends only on the
-- shared directory: names starting with the word first, then close spellings;
-- within each, by last name, first name and number.
CREATE OR REPLACE FUNCTION ts_search_one_word (p_query text, p_limit integer, p_offset integer)
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

-- The dictionary words a typed word may mean: those it starts, then the
-- closest spellings.
CREATE OR REPLACE FUNCTION ts_name_words_for (p_word text, p_prefixes integer, p_close integer)
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
CREATE OR REPLACE FUNCTION ts_search_two_words (p_one text, p_two text, p_limit integer, p_offset integer)
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
