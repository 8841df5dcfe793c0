/**
 * A small element builder: h('button', {type: 'button', onclick}, 'Save'). No framework, no innerHTML.
 *
 * Every insertion of children goes through this module (a test forbids the DOM's own append, prepend,
 * replaceChildren, before, after and replaceWith elsewhere): the DOM writes a null child as the text "null", and
 * `cond ? h(...) : null` is how views leave a part out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (absent(value) || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  return append(el, children);
}

function absent(value) {
  return value === null || value === undefined;
}

/** The children to insert: nested arrays flattened, null, undefined and false left out, other values as text. */
export function nodesOf(children) {
  const nodes = [];
  for (const child of [children].flat(Infinity)) {
    if (absent(child) || child === false) continue;
    nodes.push(child instanceof Node ? child : String(child));
  }
  return nodes;
}

/** Appends children (any nesting of arrays; null, undefined and false are nothing); answers el. */
export function append(el, ...children) {
  el.append(...nodesOf(children));
  return el;
}

/** Inserts children at the start of el; answers el. */
export function prepend(el, ...children) {
  el.prepend(...nodesOf(children));
  return el;
}

/** Replaces all of el's children (none: empties it); answers el. */
export function replace(el, ...children) {
  el.replaceChildren(...nodesOf(children));
  return el;
}

/** Inserts children right after el. */
export function after(el, ...children) {
  el.after(...nodesOf(children));
}

/** Puts children in el's place. */
export function replaceWith(el, ...children) {
  el.replaceWith(...nodesOf(children));
}

/** A stable element id from a JSON pointer: '/entities/phones/0/number' → 'f-entities-phones-0-number'. */
/**
 * A text node: what is handed to an API that would otherwise read a string as HTML (Leaflet's tooltips and popups),
 * so that a headline from another agency is shown as text, never run as markup.
 */
export function text(value) {
  return document.createTextNode(absent(value) ? '' : String(value));
}

export function idFor(pointer, prefix = 'f') {
  return prefix + pointer.replace(/[^A-Za-z0-9]+/g, '-');
}
