/* shop.js — small improvements to the storefront's pages (the assets part of issue 14 writes it) */
