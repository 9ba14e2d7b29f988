/* seatmap.js — the storefront's seat map (the assets part of issue 14 writes it) */
