/** Render a vega-lite specification to SVG on the server: no browser, no canvas, no network. */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { esc } from './format';

/** A loader that refuses every URL: a chart's data is inline, and a report makes no request. */
const noLoading = vega.loader({ mode: 'file' });
noLoading.load = () => Promise.reject(new Error('the report loads nothing'));
noLoading.sanitize = () => Promise.reject(new Error('the report loads nothing'));

/** The chart's SVG, marked as one image with `alt` as its text alternative (its data table is beside it). */
export async function renderSvg(spec: TopLevelSpec, alt: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: 'none',
    loader: noLoading,
    logLevel: vega.Warn,
  });
  try {
    const svg = await view.toSVG();
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(alt)}" `);
  } finally {
    view.finalize();
  }
}
