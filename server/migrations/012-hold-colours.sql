-- 012-hold-colours.sql — the seeded hold letters' colours stand apart from the
-- map's usual colours (blue price zones, green "in my cart", orange "in
-- another agent's cart", grey "sold"), so a held seat is seen at a glance
-- (M5, M8).  Colours a Master User has already changed are left alone.

UPDATE hold_letter SET color = v.new_color
  FROM (VALUES ('c', '#2980B9', '#865E3C'),
               ('p', '#16A085', '#C061CB'),
               ('w', '#D35400', '#2AA1B3'),
               ('k', '#7F8C8D', '#3D3846')) AS v (letter, old_color, new_color)
 WHERE hold_letter.letter = v.letter AND upper (hold_letter.color) = upper (v.old_color);
