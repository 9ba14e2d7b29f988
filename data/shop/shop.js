/* shop.js — small improvements every storefront page gets: the hold's countdown, a question before removing from the cart, and forms sent once
 *
 * Nothing here is needed to buy (issue 14: every page works without
 * JavaScript); loaded with <script src defer>, no inline script (CSP).
 *
 * .countdown[data-expires="ISO"] (optional data-now="ISO": the server's
 * clock when the page was made, so a wrong clock on the phone does not
 * shorten the hold; optional data-reload="URL": where to go at zero, else
 * this page again by GET): minutes and seconds left, every second; a polite
 * announcement at 5 minutes and at 1 minute only (not each second); at zero
 * the page is loaded again and shows the cart as the server has it (S1).
 * A card's number and security code typed in a checkout form are emptied
 * when the page is shown again from history. */
'use strict';

(function () {
  const STRINGS = {
    en: {
      left: 'Time left:',
      five: '5 minutes left to check out. After that your seats go back on sale.',
      one: '1 minute left to check out.',
      expired: 'Your hold has expired. The seats went back on sale.',
      removeLine: 'Remove this from your cart?',
      emptyCart: 'Empty your cart? Every seat held will go back on sale.'
    },
    fr: {
      left: 'Temps restant :',
      five: 'Il reste 5 minutes pour payer. Ensuite, vos sièges seront remis en vente.',
      one: 'Il reste 1 minute pour payer.',
      expired: 'Votre réservation a expiré. Les sièges ont été remis en vente.',
      removeLine: 'Retirer ceci de votre panier?',
      emptyCart: 'Vider votre panier? Tous les sièges réservés seront remis en vente.'
    }
  };
  const LANG = /^fr/i.test(document.documentElement.lang || '') ? 'fr' : 'en';
  /* where this file came from: seatmap.js is beside it */
  const SELF = document.currentScript ? document.currentScript.src : null;

  function tr (key) {
    return (STRINGS[LANG] && STRINGS[LANG][key]) || STRINGS.en[key];
  }

  /* 14:05, or 1:02:09 beyond an hour */
  function clock (seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, '0');
    return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + rest : m + ':' + rest;
  }

  function startCountdown (node) {
    const expires = Date.parse(node.getAttribute('data-expires') || '');
    if (!isFinite(expires)) {
      return;
    }
    const serverNow = Date.parse(node.getAttribute('data-now') || '');
    const skew = isFinite(serverNow) ? serverNow - Date.now() : 0;
    /* the server's sentence stays ("held until 20:45"); the ticking clock
     * after it is not read out every second */
    const label = document.createElement('span');
    label.className = 'countdown-label';
    label.textContent = tr('left');
    const time = document.createElement('span');
    time.className = 'countdown-time';
    time.setAttribute('role', 'timer');
    time.setAttribute('aria-live', 'off');
    const live = document.createElement('span');
    live.className = 'countdown-live visually-hidden';
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    const original = document.createElement('span');
    original.className = 'countdown-text';
    while (node.firstChild) {
      original.append(node.firstChild);
    }
    node.append(original, document.createTextNode(' '), label, document.createTextNode(' '), time, live);
    node.classList.add('countdown-running');

    let announced = 0;
    let timer = 0;
    const tick = () => {
      const left = (expires - (Date.now() + skew)) / 1000;
      time.textContent = clock(Math.ceil(left));
      if (left <= 300 && left > 60 && announced < 1) {
        announced = 1;
        live.textContent = tr('five');
      } else if (left <= 60 && left > 0 && announced < 2) {
        announced = 2;
        live.textContent = tr('one');
      }
      node.classList.toggle('countdown-warning', left <= 300 && left > 0);
      if (left <= 0) {
        window.clearInterval(timer);
        node.classList.remove('countdown-warning');
        node.classList.add('countdown-expired');
        label.textContent = tr('expired');
        time.textContent = '';
        live.textContent = tr('expired');
        /* the cart as the server now has it; a GET, never a form sent again */
        window.setTimeout(() => {
          window.location.assign(node.getAttribute('data-reload') || window.location.href);
        }, 2500);
      }
    };
    /* a hold that expired before the page was shown says so at once,
     * without the five- and one-minute warnings */
    if ((expires - (Date.now() + skew)) / 1000 <= 300) {
      announced = (expires - (Date.now() + skew)) / 1000 <= 60 ? 2 : 1;
    }
    tick();
    timer = window.setInterval(tick, 1000);
  }

  /* a form that releases seats (POST …/cart/release), or any form or button
   * with data-confirm, asks first */
  function confirmRemoval (event) {
    const form = event.target;
    const submitter = event.submitter;
    let question = (submitter && submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (!question && /\/cart\/release$/.test(form.getAttribute('action') || '')) {
      const names = Array.from(form.elements).map((e) => e.name);
      question = names.includes('seat') || names.includes('area') ? tr('removeLine') : tr('emptyCart');
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return false;
    }
    return true;
  }

  function onSubmit (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
      return;
    }
    if (!confirmRemoval(event)) {
      return;
    }
    /* sent once: a second press while the first answer is on its way does
     * nothing (the buttons stay enabled, so the pressed one's value is sent) */
    if (form.classList.contains('is-submitting')) {
      event.preventDefault();
      return;
    }
    form.classList.add('is-submitting');
    form.setAttribute('aria-busy', 'true');
    /* back to this page from the browser's history: the form works again */
    window.addEventListener('pageshow', () => {
      form.classList.remove('is-submitting');
      form.removeAttribute('aria-busy');
    }, { once: true });
  }

  /* a page with a seat map that did not name seatmap.js gets it all the same */
  function loadSeatMap () {
    if (SELF && document.getElementById('seat-map') && !document.querySelector('script[src*="seatmap.js"]')) {
      const script = document.createElement('script');
      script.src = new URL('seatmap.js', SELF).pathname;
      document.head.append(script);
    }
  }

  /* the card's number and code are never shown again: the server never
   * writes them back, and the browser must not restore them when the patron
   * comes back to the checkout from the bank's page or from history (a
   * shared computer) */
  function forgetCard () {
    document.querySelectorAll('input[autocomplete="cc-number"], input[autocomplete="cc-csc"]').forEach((input) => {
      input.value = '';
    });
  }

  function start () {
    forgetCard();
    /* from the back-forward cache (not the first showing: what is being
     * typed stays) */
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) {
        forgetCard();
      }
    });
    loadSeatMap();
    document.querySelectorAll('.countdown[data-expires]').forEach(startCountdown);
    document.addEventListener('submit', onSubmit);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
