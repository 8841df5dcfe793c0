/**
 * The window of a virtual list of fixed-height rows: which rows to put in the DOM for a scroll position, with
 * some rows above and below so that scrolling does not show blanks. Pure.
 */
export function visibleWindow({ scrollTop, viewportHeight, rowHeight, count, overscan = 5 }) {
  if (count <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  }
  const totalHeight = count * rowHeight;
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}
