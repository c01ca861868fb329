/** A grey diagonal hatch, the fill of "hidden" bars: drawn on a small canvas, so the CSP allows it. */
export function hatchPattern(): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (ctx === null) return '#c8c8c8';
  ctx.fillStyle = '#eeeeee';
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = '#8a8a8a';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? '#c8c8c8';
}
