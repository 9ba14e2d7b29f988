/* seatmap.js — the storefront's seat map: draws the performance's plan in the patron's browser, lets her choose seats with a mouse, a finger or the keyboard, and holds them through the page's own hold form
 *
 * The page works without it (Best available and general admission are plain
 * forms, issue 14); this only improves it.  No inline style or script (the
 * storefront's CSP): looks are classes of shop.css, colours are SVG
 * presentation attributes, sizes CSS custom properties set through the CSSOM.
 *
 * Reads <div id="seat-map" data-plan="…/plan.json" data-seats="…/seats.json">
 * (optional data-hold = the hold form's action, data-performance, data-max,
 * data-voucher = a subscriber's voucher the seat is held with, T3).
 * plan.json carries the compact map of common/ts-seat-plan-compact.c: seats
 * as parallel arrays (x, y, r in tenths), zone and row indexes, and GUIDs only
 * where they are not zone_id-row-number, which is rebuilt here exactly as the
 * C code does.  seats.json says which seats are taken (never by whom, P4) and
 * which are the visitor's own (S1).
 *
 * Large plans (a 60,000-seat stadium) stay usable on a phone: zoomed out, the
 * seats are a few SVG paths (one per colour and state); zoomed in far enough
 * that at most DETAIL_LIMIT seats are in view, only those are drawn as
 * circles, found through a grid index. */
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  /* seats drawn one by one at most (a 2,000-seat opera house whole); more
   * in view: the overview paths */
  const DETAIL_LIMIT = 3000;
  /* seats smaller than this radius on screen, in pixels, are too small to
   * press one: a press zooms in there instead */
  const CHOOSABLE_RADIUS = 4;
  const REFRESH_MS = 15000;
  const FLAG_WHEELCHAIR = 1;
  const FLAG_COMPANION = 2;
  const FLAG_RESTRICTED = 4;
  const FREE = 0;
  const TAKEN = 1;
  const MINE = 2;
  const UNAVAILABLE = 3;   /* no price online for its zone */

  /* The page's language decides (<html lang="fr-CA">); the server's
   * catalogue (po/fr.po) does not reach a static file, so the few sentences
   * the map says are here in both languages. */
  const STRINGS = {
    en: {
      map: 'Seat map',
      help: 'Drag to move the map; scroll or pinch to zoom. Keyboard: arrow keys move from seat to seat, Space or Enter chooses a seat, + and − zoom, 0 shows the whole venue.',
      zoomIn: 'Zoom in',
      zoomOut: 'Zoom out',
      reset: 'Whole venue',
      seat: '{zone}, row {row}, seat {number}',
      seatNoRow: '{zone}, seat {number}',
      available: 'available',
      taken: 'not available',
      mine: 'in your cart',
      selected: 'selected',
      unselected: 'not selected',
      wheelchair: 'wheelchair space',
      companion: 'companion seat',
      restricted: 'restricted view',
      legendAvailable: 'Available',
      legendTaken: 'Not available',
      legendMine: 'In your cart',
      legendSelected: 'Your choice',
      legendWheelchair: 'Wheelchair space',
      selection: 'Your selection',
      none: 'No seats chosen yet: choose them on the map.',
      one: '1 seat chosen',
      many: '{n} seats chosen',
      hold: 'Hold these seats',
      clear: 'Clear',
      remove: 'Remove {seat}',
      total: 'Total from {amount}',
      max: 'You can choose up to {n} seats at a time.',
      maxVoucher: 'A voucher is good for one seat: remove this one to choose another.',
      takenMeanwhile: '{seat} was just taken: it is no longer in your selection.',
      lost: 'Some seats you had chosen are no longer available: {n} removed from your selection.',
      lostOne: 'A seat you had chosen is no longer available: it was removed from your selection.',
      loadError: 'The seat map could not be shown. You can still use Best available below.',
      zoomToChoose: 'Zoom in to choose seats.',
      left: '{n} left',
      soldOut: 'sold out',
      gaChosen: '{area} chosen below: enter how many places.',
      loading: 'Loading the seat map…',
      inCartOne: '1 seat of this performance is in your cart.',
      inCartMany: '{n} seats of this performance are in your cart.',
      goToCart: 'Go to your cart'
    },
    fr: {
      map: 'Plan de salle',
      help: 'Faites glisser pour déplacer le plan; utilisez la molette ou pincez pour zoomer. Au clavier : les flèches passent d’un siège à l’autre, Espace ou Entrée choisit un siège, + et − zooment, 0 montre toute la salle.',
      zoomIn: 'Zoom avant',
      zoomOut: 'Zoom arrière',
      reset: 'Toute la salle',
      seat: '{zone}, rangée {row}, siège {number}',
      seatNoRow: '{zone}, siège {number}',
      available: 'libre',
      taken: 'non disponible',
      mine: 'dans votre panier',
      selected: 'choisi',
      unselected: 'non choisi',
      wheelchair: 'place pour fauteuil roulant',
      companion: 'siège d’accompagnateur',
      restricted: 'visibilité réduite',
      legendAvailable: 'Libre',
      legendTaken: 'Non disponible',
      legendMine: 'Dans votre panier',
      legendSelected: 'Votre choix',
      legendWheelchair: 'Place pour fauteuil roulant',
      selection: 'Votre sélection',
      none: 'Aucun siège choisi : choisissez-les sur le plan.',
      one: '1 siège choisi',
      many: '{n} sièges choisis',
      hold: 'Réserver ces sièges',
      clear: 'Effacer',
      remove: 'Retirer {seat}',
      total: 'Total à partir de {amount}',
      max: 'Vous pouvez choisir au plus {n} sièges à la fois.',
      maxVoucher: 'Un bon est valable pour une seule place : retirez celle-ci pour en choisir une autre.',
      takenMeanwhile: '{seat} vient d’être pris : il ne fait plus partie de votre sélection.',
      lost: 'Des sièges que vous aviez choisis ne sont plus disponibles : {n} ont été retirés de votre sélection.',
      lostOne: 'Un siège que vous aviez choisi n’est plus disponible : il a été retiré de votre sélection.',
      loadError: 'Le plan de salle n’a pas pu être affiché. Vous pouvez toujours utiliser « Meilleures places » ci-dessous.',
      zoomToChoose: 'Zoomez pour choisir vos sièges.',
      left: '{n} places restantes',
      soldOut: 'complet',
      gaChosen: 'Zone {area} choisie ci-dessous : indiquez le nombre de places.',
      loading: 'Chargement du plan de salle…',
      inCartOne: '1 siège de ce spectacle est dans votre panier.',
      inCartMany: '{n} sièges de ce spectacle sont dans votre panier.',
      goToCart: 'Aller au panier'
    }
  };

  const LANG = /^fr/i.test(document.documentElement.lang || '') ? 'fr' : 'en';

  function tr (key, values) {
    const text = (STRINGS[LANG] && STRINGS[LANG][key]) || STRINGS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? String(values[name]) : all));
  }

  /* Money as the pages write it (ts_shop_money): $1,234.50 / 1 234,50 $ */
  function money (cents) {
    const negative = cents < 0;
    const abs = Math.abs(Math.round(cents));
    const whole = String(Math.floor(abs / 100));
    const part = String(abs % 100).padStart(2, '0');
    if (LANG === 'fr') {
      return (negative ? '-' : '') + whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') + ',' + part + '\u00a0$';
    }
    return (negative ? '-' : '') + '$' + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + part;
  }

  function el (name, attributes, text) {
    const node = document.createElement(name);
    for (const key in attributes || {}) {
      node.setAttribute(key, attributes[key]);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function svgEl (name, attributes) {
    const node = document.createElementNS(SVG, name);
    for (const key in attributes || {}) {
      node.setAttribute(key, attributes[key]);
    }
    return node;
  }

  function fmt (v) {
    return String(Math.round(v * 100) / 100);
  }

  /* The compact map (common/ts-seat-plan-compact.c), read leniently: a
   * column that is missing or short is an error, never a half-drawn map. */
  function decodePlan (map) {
    const seats = map && map.seats;
    if (!seats || !Array.isArray(seats.x)) {
      throw new Error('plan.json: no seats');
    }
    const n = seats.x.length;
    for (const column of ['y', 'r', 'zone', 'row', 'number', 'category', 'flags']) {
      if (!Array.isArray(seats[column]) || seats[column].length !== n) {
        throw new Error('plan.json: seats.' + column + ' must list one value per seat');
      }
    }
    const zones = Array.isArray(map.zones) ? map.zones : [];
    const rows = Array.isArray(map.rows) ? map.rows : [];
    const categories = Array.isArray(map.categories) ? map.categories : [];
    const guids = seats.guids || {};
    const plan = {
      n,
      width: Number(map.width) || 1000,
      height: Number(map.height) || 1000,
      zones,
      rows,
      categories,
      tx: Int32Array.from(seats.x, (v) => Math.round(v) || 0),   /* tenths, as sent */
      ty: Int32Array.from(seats.y, (v) => Math.round(v) || 0),
      x: new Float64Array(n),
      y: new Float64Array(n),
      r: new Float64Array(n),
      zone: new Int32Array(n),
      row: new Int32Array(n),
      category: new Int32Array(n),
      flags: new Uint8Array(n),
      number: new Array(n),
      guid: new Array(n),
      index: new Map(),
      areas: []
    };
    for (let i = 0; i < n; i++) {
      plan.x[i] = seats.x[i] / 10;
      plan.y[i] = seats.y[i] / 10;
      plan.r[i] = (seats.r[i] > 0 ? seats.r[i] : 40) / 10;
      plan.zone[i] = seats.zone[i];
      plan.row[i] = seats.row[i];
      plan.category[i] = seats.category[i];
      plan.flags[i] = seats.flags[i];
      plan.number[i] = seats.number[i] == null ? '' : String(seats.number[i]);
      const given = guids[String(i)];
      if (given != null) {
        plan.guid[i] = given;
      } else {
        /* as ts_seat_plan_from_compact: zone_id-row-number */
        const zone = zones[plan.zone[i]] || {};
        const zoneId = zone.zone_id != null ? zone.zone_id : (zone.name || '');
        const row = rows[plan.row[i]] != null ? rows[plan.row[i]] : '';
        plan.guid[i] = zoneId + '-' + row + '-' + plan.number[i];
      }
      plan.index.set(plan.guid[i], i);
    }
    /* areas travel in pretix form inside each zone; general admission's key
     * is the zone's name, '#', and its place among the zone's areas with
     * places (server/functions/selling-maps.sql) */
    zones.forEach((zone) => {
      let ga = 0;
      (Array.isArray(zone.areas) ? zone.areas : []).forEach((area) => {
        const extension = area.tessera || {};
        const capacity = Number(extension.capacity) || 0;
        const entry = {
          zone: zone.name || '',
          shape: area.shape,
          x: (area.position && Number(area.position.x)) || 0,
          y: (area.position && Number(area.position.y)) || 0,
          rotation: Number(area.rotation) || 0,
          color: area.color || null,
          border: area.border_color || null,
          text: area.text && typeof area.text === 'object' ? area.text.text : (typeof area.text === 'string' ? area.text : null),
          textSize: area.text && typeof area.text === 'object' ? Number(area.text.size) || 0 : 0,
          capacity,
          category: extension.category || null,
          rectangle: area.rectangle,
          ellipse: area.ellipse,
          circle: area.circle,
          polygon: area.polygon
        };
        if (capacity > 0) {
          ga++;
          entry.key = (zone.name || '') + '#' + ga;
        }
        plan.areas.push(entry);
      });
    });
    return plan;
  }

  /* The shape's own box before rotation (client/widgets/ts-seat-painter.c) */
  function areaBox (a) {
    switch (a.shape) {
      case 'ellipse': {
        const rx = Number(a.ellipse && a.ellipse.radius && a.ellipse.radius.x) || 0;
        const ry = Number(a.ellipse && a.ellipse.radius && a.ellipse.radius.y) || 0;
        return { x: a.x - rx, y: a.y - ry, w: 2 * rx, h: 2 * ry };
      }
      case 'circle': {
        const r = Number(a.circle && a.circle.radius) || 0;
        return { x: a.x - r, y: a.y - r, w: 2 * r, h: 2 * r };
      }
      case 'polygon': {
        const points = (a.polygon && Array.isArray(a.polygon.points)) ? a.polygon.points : [];
        if (points.length === 0) {
          return { x: a.x, y: a.y, w: 0, h: 0 };
        }
        let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
        points.forEach((p) => {
          x0 = Math.min(x0, a.x + Number(p.x)); x1 = Math.max(x1, a.x + Number(p.x));
          y0 = Math.min(y0, a.y + Number(p.y)); y1 = Math.max(y1, a.y + Number(p.y));
        });
        return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
      }
      case 'text':
        return { x: a.x, y: a.y, w: 0, h: 0 };
      default: {
        const w = Number(a.rectangle && a.rectangle.width) || 0;
        const h = Number(a.rectangle && a.rectangle.height) || 0;
        return { x: a.x, y: a.y, w, h };
      }
    }
  }

  /* A grid over the seats: what is in a rectangle, what is near a point */
  function Grid (plan) {
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (let i = 0; i < plan.n; i++) {
      x0 = Math.min(x0, plan.x[i] - plan.r[i]); x1 = Math.max(x1, plan.x[i] + plan.r[i]);
      y0 = Math.min(y0, plan.y[i] - plan.r[i]); y1 = Math.max(y1, plan.y[i] + plan.r[i]);
    }
    if (plan.n === 0) {
      x0 = 0; y0 = 0; x1 = plan.width; y1 = plan.height;
    }
    const area = Math.max((x1 - x0) * (y1 - y0), 1);
    this.cell = Math.max(Math.sqrt(area / Math.max(plan.n, 1) * 16), 1);
    this.x0 = x0; this.y0 = y0;
    this.cols = Math.max(1, Math.ceil((x1 - x0) / this.cell) + 1);
    this.rows = Math.max(1, Math.ceil((y1 - y0) / this.cell) + 1);
    this.bounds = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    const counts = new Int32Array(this.cols * this.rows + 1);
    const cellOf = new Int32Array(plan.n);
    for (let i = 0; i < plan.n; i++) {
      const c = this.cellIndex(plan.x[i], plan.y[i]);
      cellOf[i] = c;
      counts[c + 1]++;
    }
    for (let c = 1; c < counts.length; c++) {
      counts[c] += counts[c - 1];
    }
    this.start = counts;
    this.items = new Int32Array(plan.n);
    const fill = counts.slice(0, counts.length - 1);
    for (let i = 0; i < plan.n; i++) {
      this.items[fill[cellOf[i]]++] = i;
    }
    this.plan = plan;
  }

  Grid.prototype.cellIndex = function (x, y) {
    const cx = Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.x0) / this.cell)));
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.y0) / this.cell)));
    return cy * this.cols + cx;
  };

  /* calls visit(i) for each seat whose centre is in the rectangle; stops
   * and answers false when visit answers false */
  Grid.prototype.each = function (x0, y0, x1, y1, visit) {
    const c0 = Math.max(0, Math.floor((x0 - this.x0) / this.cell));
    const c1 = Math.min(this.cols - 1, Math.floor((x1 - this.x0) / this.cell));
    const r0 = Math.max(0, Math.floor((y0 - this.y0) / this.cell));
    const r1 = Math.min(this.rows - 1, Math.floor((y1 - this.y0) / this.cell));
    const p = this.plan;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          const i = this.items[k];
          if (p.x[i] >= x0 && p.x[i] <= x1 && p.y[i] >= y0 && p.y[i] <= y1 && visit(i) === false) {
            return false;
          }
        }
      }
    }
    return true;
  };

  function SeatMap (container) {
    this.container = container;
    this.planUrl = container.getAttribute('data-plan');
    this.seatsUrl = container.getAttribute('data-seats');
    this.max = parseInt(container.getAttribute('data-max') || '0', 10) || 0;
    /* a seat for a subscriber's voucher (T3): it costs nothing, the hold carries it */
    this.voucher = container.getAttribute('data-voucher');
    this.storageKey = 'ts-seat-map:' + this.seatsUrl;
    this.selection = [];          /* seat indexes, in the order chosen */
    this.focus = -1;
    this.pointers = new Map();
    this.view = { cx: 0, cy: 0, scale: 1 };
    this.detailKey = null;
    this.frame = 0;
    this.build();
  }

  SeatMap.prototype.build = function () {
    const c = this.container;
    c.classList.add('seat-map', 'seat-map--loading');
    /* what the page shows without JavaScript gives way to the map */
    c.querySelectorAll('.seat-map-fallback').forEach((node) => { node.hidden = true; });
    const id = c.id || 'seat-map';

    this.toolbar = el('div', { class: 'seat-map__toolbar', role: 'toolbar', 'aria-label': tr('map') });
    const zoomIn = el('button', { type: 'button', class: 'seat-map__zoom-in', 'aria-label': tr('zoomIn'), title: tr('zoomIn') }, '+');
    const zoomOut = el('button', { type: 'button', class: 'seat-map__zoom-out', 'aria-label': tr('zoomOut'), title: tr('zoomOut') }, '−');
    const reset = el('button', { type: 'button', class: 'seat-map__reset' }, tr('reset'));
    zoomIn.addEventListener('click', () => this.zoomBy(1.6));
    zoomOut.addEventListener('click', () => this.zoomBy(1 / 1.6));
    reset.addEventListener('click', () => this.fit());
    this.toolbar.append(zoomIn, zoomOut, reset);

    this.help = el('p', { class: 'seat-map__help', id: id + '-help' }, tr('help'));
    this.viewport = el('div', {
      class: 'seat-map__viewport',
      tabindex: '0',
      role: 'application',
      'aria-label': tr('map'),
      'aria-describedby': id + '-help'
    });
    this.svg = svgEl('svg', { class: 'seat-map__svg', 'aria-hidden': 'true', focusable: 'false' });
    const defs = svgEl('defs');
    /* taken seats: grey with a cross, so that no one needs colours to see
     * them (WCAG 1.4.1) */
    const cross = svgEl('pattern', { id: id + '-taken', patternUnits: 'objectBoundingBox', patternContentUnits: 'objectBoundingBox', width: '1', height: '1' });
    cross.append(svgEl('rect', { width: '1', height: '1', fill: '#d5d3cf' }),
      svgEl('path', { d: 'M0.28 0.28L0.72 0.72M0.72 0.28L0.28 0.72', stroke: '#3d3846', 'stroke-width': '0.12', fill: 'none' }));
    defs.append(cross);
    this.crossId = id + '-taken';
    this.svg.append(defs);
    this.background = svgEl('g', { class: 'seat-map__background' });
    this.areasLayer = svgEl('g', { class: 'seat-map__areas' });
    this.overview = svgEl('g', { class: 'seat-map__overview' });
    this.detail = svgEl('g', { class: 'seat-map__seats' });
    /* names of sections and texts of the plan: above the seats, never under them */
    this.labelsLayer = svgEl('g', { class: 'seat-map__labels' });
    this.overlay = svgEl('g', { class: 'seat-map__overlay' });
    this.focusRing = svgEl('circle', { class: 'seat-map__focus', r: '0', cx: '0', cy: '0' });
    this.overlay.append(this.focusRing);
    this.svg.append(this.background, this.areasLayer, this.overview, this.detail, this.labelsLayer, this.overlay);
    this.viewport.append(this.svg);

    this.status = el('p', { class: 'seat-map__status', 'aria-hidden': 'true' }, tr('loading'));
    this.live = el('p', { class: 'seat-map__live visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.alert = el('p', { class: 'seat-map__alert', role: 'status', 'aria-live': 'polite', hidden: '' });
    this.legend = el('ul', { class: 'seat-map__legend' });

    this.summary = el('section', { class: 'seat-map__summary', 'aria-labelledby': id + '-summary-title' });
    this.summaryTitle = el('h3', { id: id + '-summary-title', class: 'seat-map__summary-title' }, tr('selection'));
    this.summaryCount = el('p', { class: 'seat-map__count' });
    this.summaryList = el('ul', { class: 'seat-map__selection' });
    this.summaryTotal = el('p', { class: 'seat-map__total' });
    this.form = this.makeForm();
    /* what is already held, and the way to the cart (data-cart) */
    this.inCart = el('p', { class: 'seat-map__in-cart', hidden: '' });
    this.summary.append(this.summaryTitle, this.summaryCount, this.summaryList, this.summaryTotal);
    if (this.form) {
      this.summary.append(this.form);
    }
    this.summary.append(this.inCart);

    const stage = el('div', { class: 'seat-map__stage' });
    /* the map first in the Tab order, its buttons after (they lie over it) */
    stage.append(this.viewport, this.toolbar, this.status);
    const side = el('div', { class: 'seat-map__side' });
    side.append(this.legend, this.summary);
    c.append(this.help, stage, side, this.live, this.alert);

    this.viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.viewport.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.viewport.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.viewport.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.viewport.addEventListener('pointercancel', (e) => this.onPointerUp(e, true));
    this.viewport.addEventListener('pointerleave', () => { if (this.pointers.size === 0) this.showStatus(-1); });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('focus', () => this.onFocus());
    this.viewport.addEventListener('blur', () => this.viewport.classList.remove('seat-map__viewport--focused'));
    window.addEventListener('resize', () => this.schedule());
  };

  /* The hold form: POST to the page's hold form's action with its csrf and
   * performance_id, one hidden "seat" per chosen seat (CONTRACT14, POST
   * /cart/hold). */
  SeatMap.prototype.makeForm = function () {
    const pageForm = document.querySelector('form[action$="cart/hold"]');
    const action = this.container.getAttribute('data-hold') || (pageForm && pageForm.getAttribute('action'));
    const csrfInput = (pageForm && pageForm.querySelector('input[name="csrf"]')) || document.querySelector('input[name="csrf"]');
    const performanceInput = pageForm && pageForm.querySelector('input[name="performance_id"]');
    const performance = this.container.getAttribute('data-performance') || (performanceInput && performanceInput.value);
    if (!action || !csrfInput || !performance) {
      return null;
    }
    const form = el('form', { class: 'seat-map__hold', method: 'post', action });
    form.append(el('input', { type: 'hidden', name: 'csrf', value: csrfInput.value }),
      el('input', { type: 'hidden', name: 'performance_id', value: performance }));
    if (this.voucher) {
      form.append(el('input', { type: 'hidden', name: 'voucher', value: this.voucher }));
    }
    this.seatInputs = el('div', { class: 'seat-map__inputs' });
    this.holdButton = el('button', { type: 'submit', class: 'button primary seat-map__hold-button' }, tr('hold'));
    this.clearButton = el('button', { type: 'button', class: 'link-button seat-map__clear' }, tr('clear'));
    this.clearButton.addEventListener('click', () => {
      this.selection = [];
      this.dirty(true);
      this.selectionChanged();
      this.viewport.focus();
    });
    form.append(this.seatInputs, this.holdButton, this.clearButton);
    form.addEventListener('submit', (e) => {
      if (this.selection.length === 0) {
        e.preventDefault();
        return;
      }
      /* kept so that a refused hold (taken meanwhile) comes back with the
       * rest of the choice */
      this.save();
      this.holdButton.disabled = true;
    });
    return form;
  };

  SeatMap.prototype.load = async function () {
    try {
      const [planResponse, seatsResponse] = await Promise.all([
        fetch(this.planUrl, { credentials: 'same-origin' }),
        fetch(this.seatsUrl, { credentials: 'same-origin', cache: 'no-store' })
      ]);
      if (!planResponse.ok || !seatsResponse.ok) {
        throw new Error('HTTP ' + planResponse.status + ' / ' + seatsResponse.status);
      }
      const planJson = await planResponse.json();
      const seatsJson = await seatsResponse.json();
      const t0 = performance.now();
      this.plan = decodePlan(planJson.map);
      const t1 = performance.now();
      this.zoneColours = new Map();
      (Array.isArray(planJson.zones) ? planJson.zones : []).forEach((z) => {
        if (z && z.name && /^#[0-9a-fA-F]{6}$/.test(z.colour || '')) {
          this.zoneColours.set(z.name, z.colour);
        }
      });
      this.grid = new Grid(this.plan);
      /* what loading cost, for measurements (tests read container.seatMap.timings) */
      this.timings = { seats: this.plan.n, decodeMs: t1 - t0, indexMs: performance.now() - t1 };
      this.state = null;
      this.drawBackground(planJson.background_svg);
      this.drawAreas();
      this.applySeats(seatsJson, false);
      this.restore();
      this.container.classList.remove('seat-map--loading');
      this.container.classList.add('seat-map--ready');
      this.status.textContent = '';
      this.viewport.setAttribute('aria-label', tr('map'));
      this.fit();
      this.drawLegend();
      this.selectionChanged();
      this.timer = window.setInterval(() => this.refresh(), REFRESH_MS);
      document.addEventListener('visibilitychange', () => { if (!document.hidden) this.refresh(); });
      /* back to this page from the browser's history: the hold button works again */
      window.addEventListener('pageshow', (e) => {
        if (e.persisted) {
          this.selectionChanged();
          this.refresh();
        }
      });
      this.container.dispatchEvent(new CustomEvent('seatmap:ready', { bubbles: true }));
    } catch (error) {
      this.container.classList.remove('seat-map--loading');
      this.container.classList.add('seat-map--failed');
      this.container.querySelectorAll('.seat-map-fallback').forEach((node) => { node.hidden = false; });
      this.status.textContent = tr('loadError');
      this.status.removeAttribute('aria-hidden');
      this.status.setAttribute('role', 'alert');
      if (window.console) {
        console.error('seat map:', error);
      }
    }
  };

  /* seats.json: which seats are taken, which are mine, prices per zone, and
   * what is left of general admission */
  SeatMap.prototype.applySeats = function (seats, announce) {
    const p = this.plan;
    this.prices = new Map();
    (Array.isArray(seats.zones) ? seats.zones : []).forEach((z) => {
      const list = (Array.isArray(z.prices) ? z.prices : []).map((x) => Number(x.price_cents)).filter((x) => isFinite(x));
      if (z && z.name != null && list.length > 0) {
        this.prices.set(z.name, { min: Math.min(...list), max: Math.max(...list) });
      }
    });
    this.ga = new Map();
    (Array.isArray(seats.ga) ? seats.ga : []).forEach((g) => { if (g && g.area) this.ga.set(g.area, g); });
    const priced = this.prices.size > 0;
    const previous = this.state;
    this.state = new Uint8Array(p.n);
    if (priced) {
      const onSale = p.categories.map((c) => this.prices.has(c.name));
      for (let i = 0; i < p.n; i++) {
        if (!onSale[p.category[i]]) {
          this.state[i] = UNAVAILABLE;
        }
      }
    }
    (Array.isArray(seats.taken) ? seats.taken : []).forEach((g) => {
      const i = p.index.get(g);
      if (i !== undefined) this.state[i] = TAKEN;
    });
    (Array.isArray(seats.mine) ? seats.mine : []).forEach((g) => {
      const i = p.index.get(g);
      if (i !== undefined) this.state[i] = MINE;
    });
    /* a refresh that changes nothing redraws nothing (a stadium's overview
     * is a fifth of a second on a phone) */
    let changed = !previous || previous.length !== this.state.length;
    for (let i = 0; !changed && i < p.n; i++) {
      changed = previous[i] !== this.state[i];
    }
    const lost = this.selection.filter((i) => this.state[i] !== FREE);
    if (lost.length > 0) {
      this.selection = this.selection.filter((i) => this.state[i] === FREE);
      if (announce) {
        this.say(lost.length === 1 ? tr('takenMeanwhile', { seat: this.seatName(lost[0]) })
          : tr('lost', { n: lost.length }), true);
      }
    }
    this.updateAreas();
    if (changed || lost.length > 0) {
      this.dirty();
    }
  };

  SeatMap.prototype.refresh = async function () {
    if (!this.plan || document.hidden || this.busy) {
      return;
    }
    this.busy = true;
    try {
      const response = await fetch(this.seatsUrl, { credentials: 'same-origin', cache: 'no-store' });
      if (response.ok) {
        this.applySeats(await response.json(), true);
        this.selectionChanged();
      }
    } catch (error) {
      /* the next refresh tries again */
    } finally {
      this.busy = false;
    }
  };

  SeatMap.prototype.zoneName = function (i) {
    const c = this.plan.categories[this.plan.category[i]];
    return c ? c.name : null;
  };

  SeatMap.prototype.colour = function (i) {
    const c = this.plan.categories[this.plan.category[i]];
    if (!c) return '#9a9996';
    return this.zoneColours.get(c.name) || (/^#[0-9a-fA-F]{6}$/.test(c.color || '') ? c.color : '#9a9996');
  };

  SeatMap.prototype.seatName = function (i) {
    const p = this.plan;
    const zone = (p.zones[p.zone[i]] || {}).name || '';
    const row = p.rows[p.row[i]] || '';
    return tr(row ? 'seat' : 'seatNoRow', { zone, row, number: p.number[i] });
  };

  SeatMap.prototype.priceText = function (i) {
    const price = this.prices.get(this.zoneName(i));
    if (!price) return '';
    return price.min === price.max ? money(price.min) : money(price.min) + '–' + money(price.max);
  };

  /* "Section 3, row C, seat 12, $45.00, selected, wheelchair space" */
  SeatMap.prototype.describe = function (i) {
    const parts = [this.seatName(i)];
    const s = this.state[i];
    if (s === FREE) {
      const price = this.priceText(i);
      if (price) parts.push(price);
      parts.push(this.selection.includes(i) ? tr('selected') : tr('available'));
    } else {
      parts.push(s === MINE ? tr('mine') : tr('taken'));
    }
    const f = this.plan.flags[i];
    if (f & FLAG_WHEELCHAIR) parts.push(tr('wheelchair'));
    if (f & FLAG_COMPANION) parts.push(tr('companion'));
    if (f & FLAG_RESTRICTED) parts.push(tr('restricted'));
    return parts.join(', ');
  };

  SeatMap.prototype.say = function (text, visible) {
    /* the same words twice are not announced again unless changed */
    this.live.textContent = this.live.textContent === text ? text + '\u00a0' : text;
    if (visible) {
      this.alert.textContent = text;
      this.alert.hidden = false;
      window.clearTimeout(this.alertTimer);
      this.alertTimer = window.setTimeout(() => { this.alert.hidden = true; }, 8000);
    }
  };

  SeatMap.prototype.showStatus = function (i) {
    this.status.textContent = i >= 0 ? this.describe(i) : '';
  };

  SeatMap.prototype.drawBackground = function (svgText) {
    if (typeof svgText !== 'string' || svgText === '') return;
    /* an <image> never runs what it draws; data: is allowed by img-src */
    const image = svgEl('image', {
      x: '0', y: '0', width: fmt(this.plan.width), height: fmt(this.plan.height),
      preserveAspectRatio: 'none',
      href: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText)
    });
    this.background.append(image);
  };

  SeatMap.prototype.drawAreas = function () {
    const p = this.plan;
    this.gaNodes = new Map();
    this.sectionLabels = [];
    this.labelsScale = null;
    p.areas.forEach((a) => {
      const box = areaBox(a);
      let shape = null;
      switch (a.shape) {
        case 'ellipse':
        case 'circle':
          if (box.w > 0 && box.h > 0) {
            shape = svgEl('ellipse', { cx: fmt(box.x + box.w / 2), cy: fmt(box.y + box.h / 2), rx: fmt(box.w / 2), ry: fmt(box.h / 2) });
          }
          break;
        case 'polygon': {
          const points = (a.polygon && Array.isArray(a.polygon.points)) ? a.polygon.points : [];
          if (points.length >= 3) {
            shape = svgEl('polygon', { points: points.map((q) => fmt(a.x + Number(q.x)) + ',' + fmt(a.y + Number(q.y))).join(' ') });
          }
          break;
        }
        case 'text':
          break;
        default:
          if (box.w > 0 && box.h > 0) {
            shape = svgEl('rect', { x: fmt(box.x), y: fmt(box.y), width: fmt(box.w), height: fmt(box.h) });
          }
      }
      const group = svgEl('g', { class: 'seat-map__area' });
      const rotation = a.rotation ? 'rotate(' + fmt(a.rotation) + ' ' + fmt(box.x + box.w / 2) + ' ' + fmt(box.y + box.h / 2) + ')' : null;
      if (rotation) group.setAttribute('transform', rotation);
      let outline = false;
      if (shape) {
        outline = Boolean(a.border && !a.color && a.capacity === 0);
        let fill = a.color || (outline ? 'none' : '#deddda');
        if (a.capacity > 0) {
          const category = p.categories.find((c) => c.name === a.category);
          const colour = (a.category && this.zoneColours.get(a.category)) || (category && category.color);
          if (colour) fill = colour;
          group.classList.add('seat-map__area--ga');
          group.setAttribute('data-area', a.key);
        } else if (outline) {
          group.classList.add('seat-map__area--outline');
        }
        shape.setAttribute('fill', fill);
        if (a.border) shape.setAttribute('stroke', a.border);
        group.append(shape);
      }
      const label = a.text || (a.capacity > 0 ? a.key.replace(/#\d+$/, '') : null);
      if (label || a.capacity > 0) {
        const size = a.textSize > 0 ? a.textSize : (a.shape === 'text' ? 13 : Math.max(Math.min(0.22 * Math.min(box.w, box.h), 0.9 * box.w / Math.max(String(label || '').length, 1) * 1.6), 4));
        const cx = box.x + box.w / 2;
        const cy = box.y + box.h / 2;
        const text = svgEl('text', { x: fmt(cx), y: fmt(cy), 'font-size': fmt(size), 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'seat-map__label' });
        if (a.shape === 'text' && a.color) text.setAttribute('fill', a.color);
        text.textContent = label || '';
        if (a.capacity > 0) {
          group.append(text);
        } else {
          /* a section's name is drawn after its seats (the seats layers
           * come after the areas'), haloed: readable over them */
          if (outline) {
            text.classList.add('seat-map__label--section');
            /* its box on screen, turned with its section: 14 px bold letters
             * are at most 0.7 em wide, and the halo adds a little */
            const w = String(label).length * 14 * 0.7 + 6;
            const h = 20;
            const t = (a.rotation || 0) * Math.PI / 180;
            this.sectionLabels.push({ text, cx, cy,
              w: Math.abs(w * Math.cos(t)) + Math.abs(h * Math.sin(t)),
              h: Math.abs(w * Math.sin(t)) + Math.abs(h * Math.cos(t)) });
          }
          const holder = svgEl('g', {});
          if (rotation) holder.setAttribute('transform', rotation);
          holder.append(text);
          this.labelsLayer.append(holder);
        }
        if (a.capacity > 0) {
          const left = svgEl('text', { x: fmt(cx), y: fmt(cy + size * 1.1), 'font-size': fmt(size * 0.7), 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'seat-map__label seat-map__label--left' });
          group.append(left);
          this.gaNodes.set(a.key, { group, left, area: a });
        }
      }
      if (group.childNodes.length > 0) {
        this.areasLayer.append(group);
      }
    });
  };

  SeatMap.prototype.updateAreas = function () {
    if (!this.gaNodes) return;
    this.gaNodes.forEach((node, key) => {
      const g = this.ga.get(key);
      if (!g) {
        node.left.textContent = '';
        node.group.classList.add('seat-map__area--off');
        return;
      }
      node.group.classList.remove('seat-map__area--off');
      const left = Number(g.left) || 0;
      node.left.textContent = left > 0 ? tr('left', { n: left }) : tr('soldOut');
      node.group.classList.toggle('seat-map__area--sold-out', left <= 0);
    });
  };

  /* A general-admission area pressed on the map: chosen in the page's GA
   * form, whose quantity field gets the focus. */
  SeatMap.prototype.chooseArea = function (key) {
    const g = this.ga.get(key);
    if (!g) return;
    const select = document.querySelector('form select[name="area"]');
    const radio = document.querySelector('form input[name="area"][value="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
    let form = null;
    if (select && Array.from(select.options).some((o) => o.value === key)) {
      select.value = key;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      form = select.form;
    } else if (radio) {
      radio.checked = true;
      form = radio.form;
    }
    if (form) {
      const quantity = form.querySelector('[name="quantity"]');
      const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      (quantity || form).scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
      if (quantity) quantity.focus({ preventScroll: true });
      this.say(tr('gaChosen', { area: g.name || key }), false);
    }
  };

  SeatMap.prototype.drawLegend = function () {
    const p = this.plan;
    this.legend.textContent = '';
    const swatch = (kind, colour) => {
      const s = svgEl('svg', { class: 'seat-map__swatch', viewBox: '0 0 20 20', width: '20', height: '20', 'aria-hidden': 'true', focusable: 'false' });
      const dot = svgEl('circle', { cx: '10', cy: '10', r: '8', class: 'seat seat--' + kind });
      if (kind === 'taken') {
        dot.setAttribute('fill', 'url(#' + this.crossId + ')');
      } else {
        dot.setAttribute('fill', colour);
      }
      s.append(dot);
      if (kind === 'mine' || kind === 'selected') {
        s.append(svgEl('path', { class: 'seat-map__mark', d: 'M5.5 10.2l3 3 6-6.4' }));
      } else if (kind.includes('wheelchair')) {
        s.append(svgEl('circle', { class: 'seat-map__wheel', cx: '10', cy: '10', r: '3.6', 'stroke-width': '1.7' }));
      }
      return s;
    };
    const used = new Set();
    for (let i = 0; i < p.n; i++) used.add(p.category[i]);
    p.categories.forEach((c, index) => {
      if (!used.has(index) && !p.areas.some((a) => a.capacity > 0 && a.category === c.name)) return;
      const item = el('li', { class: 'seat-map__legend-item' });
      const price = this.prices.get(c.name);
      item.append(swatch('free', this.zoneColours.get(c.name) || c.color || '#9a9996'),
        el('span', {}, c.name + (price ? ' — ' + (price.min === price.max ? money(price.min) : money(price.min) + '–' + money(price.max)) : '')));
      this.legend.append(item);
    });
    const first = this.selection.length ? this.colour(this.selection[0]) : '#ffffff';
    const legend = [['taken', tr('legendTaken'), null], ['mine', tr('legendMine'), '#ffffff'], ['selected', tr('legendSelected'), first]];
    if (p.flags.some((f) => f & FLAG_WHEELCHAIR)) {
      legend.push(['free seat--wheelchair', tr('legendWheelchair'), '#77767b']);
    }
    legend.forEach(([kind, text, colour]) => {
      const item = el('li', { class: 'seat-map__legend-item' });
      item.append(swatch(kind, colour), el('span', {}, text));
      this.legend.append(item);
    });
  };

  /* ---- the view: centre and scale (pixels per plan unit) ---- */

  SeatMap.prototype.size = function () {
    return { w: this.viewport.clientWidth || 300, h: this.viewport.clientHeight || 300 };
  };

  SeatMap.prototype.contentBox = function () {
    const b = this.grid.bounds;
    let x0 = b.x; let y0 = b.y; let x1 = b.x + b.w; let y1 = b.y + b.h;
    this.plan.areas.forEach((a) => {
      const box = areaBox(a);
      if (a.shape === 'text' || box.w <= 0) return;
      x0 = Math.min(x0, box.x); y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.w); y1 = Math.max(y1, box.y + box.h);
    });
    if (!isFinite(x0) || x1 <= x0 || y1 <= y0) {
      return { x: 0, y: 0, w: this.plan.width, h: this.plan.height };
    }
    const margin = Math.max(x1 - x0, y1 - y0) * 0.02;
    return { x: x0 - margin, y: y0 - margin, w: x1 - x0 + 2 * margin, h: y1 - y0 + 2 * margin };
  };

  /* the zoom buttons lie over the top of the map: the whole venue is shown
   * below them */
  SeatMap.prototype.topInset = function () {
    return this.toolbar.offsetHeight ? this.toolbar.offsetHeight + 8 : 0;
  };

  SeatMap.prototype.fitScale = function () {
    const box = this.contentBox();
    const { w, h } = this.size();
    return Math.min(w / box.w, Math.max(h - this.topInset(), h / 2) / box.h);
  };

  SeatMap.prototype.maxScale = function () {
    /* the smallest seat about 40 pixels across */
    let r = Infinity;
    for (let i = 0; i < this.plan.n; i += Math.max(1, Math.floor(this.plan.n / 500))) r = Math.min(r, this.plan.r[i]);
    if (!isFinite(r) || r <= 0) r = 4;
    return Math.max(20 / r, this.fitScale() * 2);
  };

  SeatMap.prototype.typicalRadius = function () {
    if (this.radius === undefined) {
      const sample = [];
      for (let i = 0; i < this.plan.n; i += Math.max(1, Math.floor(this.plan.n / 200))) sample.push(this.plan.r[i]);
      sample.sort((a, b) => a - b);
      this.radius = sample.length ? sample[Math.floor(sample.length / 2)] : 4;
    }
    return this.radius;
  };

  /* a scale at which seats can be chosen one by one: about 22 pixels across */
  SeatMap.prototype.chooseScale = function (i) {
    return Math.min(this.maxScale(), Math.max(11 / this.plan.r[i], this.view.scale));
  };

  SeatMap.prototype.fit = function () {
    const box = this.contentBox();
    /* the viewport takes the venue's shape, within what the screen allows */
    this.viewport.style.setProperty('--seat-map-ratio', String(Math.min(Math.max(box.h / box.w, 0.4), 1.6)));
    this.view.scale = this.fitScale();
    this.view.cx = box.x + box.w / 2;
    this.view.cy = box.y + box.h / 2 - Math.min(this.topInset(), this.size().h / 2) / 2 / this.view.scale;
    this.schedule();
  };

  SeatMap.prototype.clampView = function () {
    const fit = this.fitScale();
    this.view.scale = Math.min(Math.max(this.view.scale, fit * 0.9), this.maxScale());
    const box = this.contentBox();
    this.view.cx = Math.min(Math.max(this.view.cx, box.x), box.x + box.w);
    this.view.cy = Math.min(Math.max(this.view.cy, box.y), box.y + box.h);
  };

  SeatMap.prototype.toPlan = function (clientX, clientY) {
    const rect = this.viewport.getBoundingClientRect();
    const { w, h } = this.size();
    return {
      x: this.view.cx + (clientX - rect.left - this.viewport.clientLeft - w / 2) / this.view.scale,
      y: this.view.cy + (clientY - rect.top - this.viewport.clientTop - h / 2) / this.view.scale
    };
  };

  /* zoom by factor keeping the plan point under (clientX, clientY) still */
  SeatMap.prototype.zoomBy = function (factor, clientX, clientY, gesture) {
    if (!this.plan) return;
    const before = clientX === undefined ? null : this.toPlan(clientX, clientY);
    this.view.scale *= factor;
    this.clampView();
    if (before) {
      const after = this.toPlan(clientX, clientY);
      this.view.cx += before.x - after.x;
      this.view.cy += before.y - after.y;
      this.clampView();
    }
    if (gesture) {
      this.preview();
    } else {
      this.schedule();
    }
  };

  SeatMap.prototype.visibleRect = function (grow) {
    const { w, h } = this.size();
    const hw = w / 2 / this.view.scale * (1 + (grow || 0));
    const hh = h / 2 / this.view.scale * (1 + (grow || 0));
    return { x0: this.view.cx - hw, y0: this.view.cy - hh, x1: this.view.cx + hw, y1: this.view.cy + hh };
  };

  SeatMap.prototype.schedule = function () {
    if (!this.frame) {
      this.frame = window.requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  };

  /* During a drag, a pinch or wheel turns, a large plan is not redrawn:
   * what is drawn moves as one picture (a CSS transform, done by the
   * compositor), and is drawn again for the new view when the gesture ends.
   * A stadium's 60,000 seats cost tens of milliseconds to paint, too many
   * for each frame of a drag on a phone. */
  SeatMap.prototype.preview = function () {
    if (!this.shown || this.plan.n <= DETAIL_LIMIT) {
      this.schedule();
      return;
    }
    this.clampView();
    const b = this.shown;
    const v = this.view;
    const k = v.scale / b.scale;
    const tx = v.scale * (b.cx - v.cx);
    const ty = v.scale * (b.cy - v.cy);
    this.svg.style.setProperty('transform', 'translate(' + tx.toFixed(1) + 'px, ' + ty.toFixed(1) + 'px) scale(' + k.toFixed(4) + ')');
  };

  /* the seats' looks changed (states, or the whole choice): both layers
   * drawn again; a change of the choice alone redraws only the overview's
   * path of chosen seats (renderOverview) */
  SeatMap.prototype.dirty = function (choiceOnly) {
    if (!choiceOnly) {
      this.overviewBuilt = false;
    }
    this.detailKey = null;
    this.schedule();
  };

  /* Sections' names that would run into one another at this zoom: the
   * later ones wait until the patron zooms in (a name half over another
   * reads as neither).  Worked out from the plan, not measured on the page:
   * a name is 14 pixels high on screen at every zoom (shop.css), so its box
   * on screen is known; only when the zoom changed (a pan moves them all
   * alike). */
  SeatMap.prototype.spaceLabels = function () {
    if (this.labelsScale === this.view.scale || !this.sectionLabels) return;
    this.labelsScale = this.view.scale;
    const shown = [];
    this.sectionLabels.forEach((l) => {
      const b = { x: l.cx * this.view.scale - l.w / 2, y: l.cy * this.view.scale - l.h / 2, w: l.w, h: l.h };
      const crowded = shown.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
      l.text.classList.toggle('seat-map__label--crowded', crowded);
      if (!crowded) shown.push(b);
    });
  };

  SeatMap.prototype.render = function () {
    if (!this.plan) return;
    const started = performance.now();
    this.clampView();
    this.svg.style.removeProperty('transform');
    this.shown = { cx: this.view.cx, cy: this.view.cy, scale: this.view.scale };
    const { w, h } = this.size();
    const v = this.visibleRect(0);
    this.svg.setAttribute('viewBox', [v.x0, v.y0, v.x1 - v.x0, v.y1 - v.y0].map(fmt).join(' '));
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(h));
    let count = 0;
    this.grid.each(v.x0, v.y0, v.x1, v.y1, () => (++count <= DETAIL_LIMIT));
    const detailed = count <= DETAIL_LIMIT;
    this.detailed = detailed;
    this.container.classList.toggle('seat-map--overview', !detailed);
    this.container.classList.toggle('seat-map--seats-large', detailed && this.typicalRadius() * this.view.scale >= 4);
    this.small = this.typicalRadius() * this.view.scale < CHOOSABLE_RADIUS;
    this.container.classList.toggle('seat-map--seats-small', this.small);
    /* sections' names keep one size on screen (shop.css) */
    this.svg.style.setProperty('--seat-map-px', String(1 / this.view.scale));
    this.spaceLabels();
    if (this.small && this.pointers.size === 0 && !this.viewport.classList.contains('seat-map__viewport--focused')) {
      this.status.textContent = tr('zoomToChoose');
    } else if (this.status.textContent === tr('zoomToChoose')) {
      this.status.textContent = '';
    }
    this.inView = count;
    if (detailed) {
      this.overview.setAttribute('display', 'none');
      this.detail.removeAttribute('display');
      this.renderDetail();
    } else {
      this.detail.setAttribute('display', 'none');
      this.overview.removeAttribute('display');
      this.detailKey = null;
      this.detail.textContent = '';
      this.renderOverview();
    }
    this.renderFocus();
    this.timings.lastRenderMs = performance.now() - started;
    this.timings.renders = (this.timings.renders || 0) + 1;
    this.timings.maxRenderMs = Math.max(this.timings.maxRenderMs || 0, this.timings.lastRenderMs);
  };

  /* one path per colour and state: a stadium in a handful of elements.
   * Seats this small are squares (as the client draws them, 1.7 radius
   * across), written in whole tenths: short strings, quickly made. */
  SeatMap.prototype.renderOverview = function () {
    const p = this.plan;
    /* the chosen seats over the rest: a path of their own, cheap to redo */
    if (!this.chosenPath) {
      this.chosenPath = svgEl('path', { class: 'seat seat--selected', transform: 'scale(0.1)' });
    }
    if (this.overviewBuilt) {
      this.chosenPath.setAttribute('d', this.selection.map((i) => p.squares[i]).join(''));
      return;
    }
    this.overviewBuilt = true;
    const paths = new Map();
    /* each seat's square is written once; a change of states joins them again */
    if (!p.squares) {
      p.squares = new Array(p.n);
      for (let i = 0; i < p.n; i++) {
        const side = Math.max(Math.round(p.r[i] * 17), 1);
        const half = side >> 1;
        p.squares[i] = 'M' + (p.tx[i] - half) + ' ' + (p.ty[i] - half) + 'h' + side + 'v' + side + 'h-' + side + 'z';
      }
    }
    const add = (key, i) => {
      let list = paths.get(key);
      if (!list) paths.set(key, (list = []));
      list.push(p.squares[i]);
    };
    for (let i = 0; i < p.n; i++) {
      const s = this.state[i];
      if (s === FREE) add('free:' + this.colour(i), i);
      else if (s === MINE) add('mine', i);
      else add('taken', i);
    }
    this.overview.textContent = '';
    paths.forEach((list, key) => {
      const path = svgEl('path', { d: list.join(''), transform: 'scale(0.1)' });
      if (key.startsWith('free:')) {
        path.setAttribute('fill', key.slice(5));
        path.setAttribute('class', 'seat seat--free');
      } else {
        path.setAttribute('class', 'seat seat--' + key);
      }
      this.overview.append(path);
    });
    this.chosenPath.setAttribute('d', this.selection.map((i) => p.squares[i]).join(''));
    this.overview.append(this.chosenPath);
  };

  /* the seats in view (and a margin around them), one circle each */
  SeatMap.prototype.renderDetail = function () {
    /* a margin around the view, so that a short drag shows seats already
     * drawn; none when the view alone is many seats */
    const outer = this.visibleRect(this.inView <= 1000 ? 0.5 : 0.1);
    const inside = this.drawn && outer && this.drawn.x0 <= this.visibleRect(0).x0 && this.drawn.y0 <= this.visibleRect(0).y0
      && this.drawn.x1 >= this.visibleRect(0).x1 && this.drawn.y1 >= this.visibleRect(0).y1;
    const key = this.view.scale.toFixed(4);
    if (this.detailKey === key && inside) return;
    this.detailKey = key;
    this.drawn = outer;
    const p = this.plan;
    const fragment = document.createDocumentFragment();
    let drawn = 0;
    this.circles = new Map();
    this.marks = svgEl('g', { class: 'seat-map__marks' });
    this.grid.each(outer.x0, outer.y0, outer.x1, outer.y1, (i) => {
      if (++drawn > DETAIL_LIMIT * 2) return false;
      const circle = svgEl('circle', { cx: fmt(p.x[i]), cy: fmt(p.y[i]), r: fmt(p.r[i] * 0.92), 'data-guid': p.guid[i] });
      this.circles.set(i, circle);
      fragment.append(circle);
      this.paintSeat(i);
      return true;
    });
    this.detail.textContent = '';
    this.detail.append(fragment, this.marks);
  };

  /* one seat's look, in place: a choice changes one circle, not the view */
  SeatMap.prototype.paintSeat = function (i) {
    const circle = this.circles && this.circles.get(i);
    if (!circle) return;
    const p = this.plan;
    const s = this.state[i];
    let kind;
    if (s === FREE) {
      kind = this.selection.includes(i) ? 'selected' : 'free';
      circle.setAttribute('fill', kind === 'selected' ? '#1f1f1f' : this.colour(i));
    } else if (s === MINE) {
      kind = 'mine';
      circle.setAttribute('fill', '#ffffff');
    } else {
      kind = s === TAKEN ? 'taken' : 'unavailable';
      circle.setAttribute('fill', 'url(#' + this.crossId + ')');
    }
    circle.setAttribute('class', 'seat seat--' + kind + (p.flags[i] & FLAG_WHEELCHAIR ? ' seat--wheelchair' : ''));
    /* chosen and own seats carry a check mark, not only a colour (1.4.1) */
    const old = circle.mark;
    if (old) {
      old.remove();
      circle.mark = null;
    }
    const r = p.r[i];
    const x = p.x[i];
    const y = p.y[i];
    if (kind === 'selected' || kind === 'mine') {
      circle.mark = svgEl('path', {
        class: 'seat-map__mark' + (kind === 'mine' ? ' seat-map__mark--mine' : ''),
        d: 'M' + fmt(x - 0.5 * r) + ' ' + fmt(y + 0.02 * r) + 'L' + fmt(x - 0.15 * r) + ' ' + fmt(y + 0.38 * r) + 'L' + fmt(x + 0.5 * r) + ' ' + fmt(y - 0.35 * r),
        'stroke-width': fmt(0.22 * r)
      });
      this.marks.append(circle.mark);
    } else if (kind === 'free' && p.flags[i] & FLAG_WHEELCHAIR) {
      /* a wheelchair space: a wheel inside, not only a colour */
      circle.mark = svgEl('circle', { class: 'seat-map__wheel', cx: fmt(x), cy: fmt(y), r: fmt(0.42 * r), 'stroke-width': fmt(0.2 * r) });
      this.marks.append(circle.mark);
    }
  };

  /* a seat chosen or given up: its circle now, the overview when next shown */
  SeatMap.prototype.seatChanged = function (i) {
    if (this.detailed && this.circles && this.circles.has(i)) {
      this.paintSeat(i);
    } else {
      this.dirty(true);
    }
  };

  SeatMap.prototype.renderFocus = function () {
    const i = this.focus;
    if (i < 0 || !this.plan) {
      this.focusRing.setAttribute('r', '0');
      return;
    }
    const p = this.plan;
    this.focusRing.setAttribute('cx', fmt(p.x[i]));
    this.focusRing.setAttribute('cy', fmt(p.y[i]));
    this.focusRing.setAttribute('r', fmt(p.r[i] * 1.35));
    this.focusRing.setAttribute('stroke-width', fmt(Math.max(p.r[i] * 0.3, 2 / this.view.scale)));
  };

  /* ---- choosing ---- */

  SeatMap.prototype.toggle = function (i) {
    if (i < 0) return;
    const s = this.state[i];
    if (s !== FREE) {
      this.say(this.describe(i), false);
      return;
    }
    const at = this.selection.indexOf(i);
    if (at >= 0) {
      this.selection.splice(at, 1);
    } else {
      if (this.max > 0 && this.selection.length >= this.max) {
        this.say(this.voucher ? tr('maxVoucher') : tr('max', { n: this.max }), true);
        return;
      }
      this.selection.push(i);
    }
    this.seatChanged(i);
    this.selectionChanged();
    this.say(this.describe(i), false);
  };

  SeatMap.prototype.selectionChanged = function () {
    const list = this.summaryList;
    list.textContent = '';
    let total = 0;
    this.selection.forEach((i) => {
      const item = el('li', { class: 'seat-map__selected', 'data-guid': this.plan.guid[i] });
      const price = this.prices.get(this.zoneName(i));
      if (price && !this.voucher) total += price.min;
      item.append(el('span', { class: 'seat-map__selected-name' }, this.seatName(i)),
        el('span', { class: 'seat-map__selected-price' }, this.voucher ? '' : this.priceText(i)));
      const remove = el('button', { type: 'button', class: 'seat-map__remove', 'aria-label': tr('remove', { seat: this.seatName(i) }), title: tr('remove', { seat: this.seatName(i) }) }, '×');
      remove.addEventListener('click', () => {
        const next = item.nextElementSibling || item.previousElementSibling;
        this.toggle(i);
        /* the focus stays in the list, or goes back to the map */
        const again = next && next.querySelector('button');
        (again || this.viewport).focus();
      });
      item.append(remove);
      list.append(item);
    });
    const n = this.selection.length;
    this.summaryCount.textContent = n === 0 ? tr('none') : (n === 1 ? tr('one') : tr('many', { n }));
    this.summaryTotal.textContent = n > 0 && total > 0 ? tr('total', { amount: money(total) }) : '';
    this.summaryTotal.hidden = !(n > 0 && total > 0);
    this.container.classList.toggle('seat-map--chosen', n > 0);
    let mine = 0;
    for (let i = 0; i < this.plan.n; i++) {
      if (this.state[i] === MINE) mine++;
    }
    const cart = this.container.getAttribute('data-cart');
    this.inCart.textContent = mine === 1 ? tr('inCartOne') : tr('inCartMany', { n: mine });
    if (cart) {
      this.inCart.append(' ', el('a', { href: cart }, tr('goToCart')));
    }
    this.inCart.hidden = mine === 0;
    if (this.form) {
      this.seatInputs.textContent = '';
      this.selection.forEach((i) => this.seatInputs.append(el('input', { type: 'hidden', name: 'seat', value: this.plan.guid[i] })));
      this.holdButton.disabled = n === 0;
      this.clearButton.hidden = n === 0;
    }
    this.save();
  };

  SeatMap.prototype.save = function () {
    try {
      if (this.plan) {
        window.sessionStorage.setItem(this.storageKey, JSON.stringify(this.selection.map((i) => this.plan.guid[i])));
      }
    } catch (error) {
      /* private browsing: nothing kept */
    }
  };

  /* the choice of this page before a hold was refused (taken meanwhile: the
   * page comes back with ?problem=…): what is still free comes back, the
   * rest is said.  Any other visit starts afresh. */
  SeatMap.prototype.restore = function () {
    let saved = [];
    try {
      if (/[?&]problem=/.test(window.location.search)) {
        saved = JSON.parse(window.sessionStorage.getItem(this.storageKey) || '[]');
      }
    } catch (error) {
      saved = [];
    }
    if (!Array.isArray(saved)) return;
    let lost = 0;
    saved.forEach((guid) => {
      const i = this.plan.index.get(guid);
      if (i === undefined) return;
      if (this.state[i] === FREE) this.selection.push(i);
      else if (this.state[i] !== MINE) lost++;
    });
    if (lost > 0) {
      this.say(lost === 1 ? tr('lostOne') : tr('lost', { n: lost }), true);
    }
    this.dirty();
  };

  /* ---- pointer: drag to pan, pinch or wheel to zoom, press to choose ---- */

  SeatMap.prototype.onWheel = function (e) {
    if (!this.plan) return;
    e.preventDefault();
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.zoomBy(Math.exp(-delta * 0.0015), e.clientX, e.clientY, true);
    window.clearTimeout(this.wheelTimer);
    this.wheelTimer = window.setTimeout(() => this.schedule(), 150);
  };

  SeatMap.prototype.onPointerDown = function (e) {
    /* the focus this press gives the map is not the keyboard's: the view
     * stays where the pointer is */
    this.pressed = true;
    window.setTimeout(() => { this.pressed = false; }, 0);
    if (!this.plan || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY });
    try {
      this.viewport.setPointerCapture(e.pointerId);
    } catch (error) {
      /* not capturable: still works inside */
    }
    this.moved = this.pointers.size > 1;
    if (this.pointers.size === 2) {
      this.pinch = this.pinchState();
    }
  };

  SeatMap.prototype.pinchState = function () {
    const [a, b] = Array.from(this.pointers.values());
    return { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2 };
  };

  SeatMap.prototype.onPointerMove = function (e) {
    const pointer = this.pointers.get(e.pointerId);
    if (!pointer) {
      if (e.pointerType === 'mouse' && this.plan && this.detailed) {
        const i = this.hit(e.clientX, e.clientY);
        this.showStatus(i);
        this.viewport.classList.toggle('seat-map__viewport--over-seat', i >= 0 && this.state[i] === FREE);
      }
      return;
    }
    const dx = e.clientX - pointer.x;
    const dy = e.clientY - pointer.y;
    pointer.x = e.clientX;
    pointer.y = e.clientY;
    if (this.pointers.size === 1) {
      if (!this.moved && Math.hypot(e.clientX - pointer.x0, e.clientY - pointer.y0) < 6) return;
      if (!this.moved) this.viewport.classList.add('seat-map__viewport--dragging');
      this.moved = true;
      this.view.cx -= dx / this.view.scale;
      this.view.cy -= dy / this.view.scale;
      this.preview();
    } else if (this.pointers.size === 2 && this.pinch) {
      const now = this.pinchState();
      const before = this.toPlan(this.pinch.mx, this.pinch.my);
      this.view.scale *= now.d / this.pinch.d;
      this.clampView();
      const after = this.toPlan(now.mx, now.my);
      this.view.cx += before.x - after.x;
      this.view.cy += before.y - after.y;
      this.pinch = now;
      this.preview();
    }
  };

  SeatMap.prototype.onPointerUp = function (e, cancelled) {
    if (!this.pointers.has(e.pointerId)) return;
    this.pointers.delete(e.pointerId);
    if (this.pointers.size < 2) this.pinch = null;
    if (this.pointers.size > 0) return;
    this.viewport.classList.remove('seat-map__viewport--dragging');
    if (this.moved || cancelled) {
      this.moved = false;
      this.schedule();
      return;
    }
    /* a press without a move: a seat, a general-admission area, or, too
     * far out to tell seats apart, a zoom towards the place pressed */
    if (!this.detailed || this.small) {
      const factor = Math.min(Math.max(2.5, 2 * CHOOSABLE_RADIUS / (this.typicalRadius() * this.view.scale)), 6);
      this.zoomBy(factor, e.clientX, e.clientY);
      this.say(tr('zoomToChoose'), false);
      return;
    }
    const i = this.hit(e.clientX, e.clientY);
    if (i >= 0) {
      this.focus = i;
      this.toggle(i);
      this.renderFocus();
      return;
    }
    /* the pointer is captured by the viewport: what lies under it */
    const under = document.elementFromPoint(e.clientX, e.clientY);
    const target = under && under.closest ? under.closest('[data-area]') : null;
    if (target) {
      this.chooseArea(target.getAttribute('data-area'));
    }
  };

  /* the seat under a pointer: within its radius, or within 12 pixels for a
   * finger on tiny seats */
  SeatMap.prototype.hit = function (clientX, clientY) {
    const q = this.toPlan(clientX, clientY);
    let best = -1;
    let bestD = Infinity;
    const reach = 12 / this.view.scale;
    this.grid.each(q.x - reach - 50, q.y - reach - 50, q.x + reach + 50, q.y + reach + 50, (i) => {
      const d = Math.hypot(this.plan.x[i] - q.x, this.plan.y[i] - q.y);
      if (d <= Math.max(this.plan.r[i], reach) && d < bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  };

  /* ---- keyboard: one focus stop, arrows between neighbouring seats ---- */

  SeatMap.prototype.onFocus = function () {
    if (this.pressed || !this.plan) return;
    this.viewport.classList.add('seat-map__viewport--focused');
    if (this.focus < 0) {
      this.focus = this.firstSeat();
    }
    if (this.focus >= 0) {
      this.reveal(this.focus);
      this.say(this.describe(this.focus), false);
    }
    this.renderFocus();
  };

  /* the free seat nearest the centre of the view, else any */
  SeatMap.prototype.firstSeat = function () {
    const p = this.plan;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < p.n; i++) {
      const d = Math.hypot(p.x[i] - this.view.cx, p.y[i] - this.view.cy) + (this.state[i] === FREE ? 0 : 1e9);
      if (d < bestD) {
        best = i;
        bestD = d;
      }
    }
    return best;
  };

  /* The seat the keyboard goes to in a direction, as in the client's map:
   * Left and Right along the seat's own row while it goes on (rows bend in
   * a bowl), Up and Down to the nearest seat of another row; else the
   * nearest seat that way, within 50° of it, straight ahead before aside. */
  SeatMap.prototype.neighbour = function (from, dx, dy) {
    const p = this.plan;
    const x = p.x[from];
    const y = p.y[from];
    const sideways = dx !== 0;
    const sameRow = (i) => p.row[i] === p.row[from] && p.zone[i] === p.zone[from];
    /* never across the pitch: a seat farther than this is not "next" */
    const limit = p.r[from] * 48;
    const search = (accept, cone, weight) => {
      let reach = p.r[from] * 4;
      while (reach <= limit) {
        let best = -1;
        let bestScore = Infinity;
        this.grid.each(x - reach, y - reach, x + reach, y + reach, (i) => {
          if (i === from || !accept(i)) return;
          const vx = p.x[i] - x;
          const vy = p.y[i] - y;
          const along = vx * dx + vy * dy;
          const aside = Math.abs(vx * dy - vy * dx);
          if (along <= 0.01 || aside > along * cone) return;
          const score = along + aside * weight;
          if (score < bestScore) {
            bestScore = score;
            best = i;
          }
        });
        if (best >= 0) return best;
        reach *= 2;
      }
      return -1;
    };
    const next = sideways ? search(sameRow, 3, 1) : search((i) => !sameRow(i), 1.2, 2.5);
    return next >= 0 ? next : search(() => true, 1.2, 2.5);
  };

  /* bring a seat into view, close enough to choose it */
  SeatMap.prototype.reveal = function (i) {
    const p = this.plan;
    const scale = this.detailed && !this.small ? this.view.scale : this.chooseScale(i);
    const changedScale = scale !== this.view.scale;
    this.view.scale = scale;
    const v = this.visibleRect(0);
    const pad = (v.x1 - v.x0) * 0.1;
    if (changedScale || p.x[i] < v.x0 + pad || p.x[i] > v.x1 - pad || p.y[i] < v.y0 + pad || p.y[i] > v.y1 - pad) {
      this.view.cx = p.x[i];
      this.view.cy = p.y[i];
    }
    this.schedule();
  };

  SeatMap.prototype.onKey = function (e) {
    if (!this.plan || e.altKey || e.ctrlKey || e.metaKey) return;
    this.viewport.classList.add('seat-map__viewport--focused');
    const directions = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (directions[e.key]) {
      e.preventDefault();
      if (this.focus < 0) {
        this.focus = this.firstSeat();
      } else {
        const next = this.neighbour(this.focus, directions[e.key][0], directions[e.key][1]);
        if (next >= 0) this.focus = next;
      }
      if (this.focus >= 0) {
        this.reveal(this.focus);
        this.say(this.describe(this.focus), false);
        this.showStatus(this.focus);
      }
      this.renderFocus();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      if (this.focus >= 0) {
        this.reveal(this.focus);
        this.toggle(this.focus);
        this.showStatus(this.focus);
      }
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      this.zoomBy(1.6);
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      this.zoomBy(1 / 1.6);
    } else if (e.key === '0') {
      e.preventDefault();
      this.fit();
    }
  };

  function start () {
    document.querySelectorAll('#seat-map[data-plan][data-seats]').forEach((container) => {
      const map = new SeatMap(container);
      container.seatMap = map;   /* for tests and measurements */
      map.load();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
