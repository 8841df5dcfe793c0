/** Just enough of the DOM for dom.js: elements whose children are recorded as the browser would insert them. */
export class FakeNode {
  constructor(tag) {
    this.tag = tag;
    this.children = [];
    this.attributes = {};
    this.style = {};
    this.dataset = {};
    this.isConnected = true;
  }

  static text(value) {
    // the DOM's own conversion: append(null) inserts the text "null"
    return value instanceof FakeNode ? value : String(value);
  }

  append(...nodes) {
    this.children.push(...nodes.map(FakeNode.text));
  }

  prepend(...nodes) {
    this.children.unshift(...nodes.map(FakeNode.text));
  }

  replaceChildren(...nodes) {
    this.children = nodes.map(FakeNode.text);
  }

  setAttribute(k, v) {
    this.attributes[k] = v;
    if (k.startsWith('data-')) this.dataset[k.slice(5).replace(/-([a-z])/g, (m, c) => c.toUpperCase())] = v;
  }

  addEventListener() {}

  get textContent() {
    return this.children.map((c) => (c instanceof FakeNode ? c.textContent : c)).join('');
  }
}
globalThis.Node = FakeNode;
globalThis.document = {
  createElement: (tag) => new FakeNode(tag),
  createTextNode: (value) => ({ nodeType: 3, textContent: String(value) }),
  documentElement: {},
};
