// The files a job or a model version kept (training curves, the learning-rate finder's
// plot and series, ...): PNGs shown as images, every file downloadable. Files are read
// with fetch, so the API key goes along where reads are protected, and shown through
// blob: URLs (the Content-Security-Policy allows no other image source).

import { h, replace } from './dom.js';
import { get, request, seg } from './api.js';
import { bytes, errorView, loadingView, objectUrl, saveBlob, table } from './ui.js';

/** What a kept file shows, by name. */
const CAPTIONS = {
	'training-losses.png': 'Training loss per batch (raw and smoothed) and validation loss per epoch, like fastai\'s '
		+ 'plot_loss',
	'training-metrics.png': 'Metrics per epoch, like fastai\'s plot_metrics',
	'lr-find.png': 'Learning rate finder: smoothed loss against the rate, with the suggestions',
	'lr-find-frozen.png': 'Learning rate finder, frozen stage: smoothed loss against the rate, with the suggestions',
	'lr-find-unfrozen.png': 'Learning rate finder, unfrozen stage: smoothed loss against the rate, with the '
		+ 'suggestions',
	'confusion-matrix.png': 'Confusion matrix',
};

/** The caption of a kept file. */
export function caption(name) {
	return CAPTIONS[name] || name;
}

/** Loads one kept PNG into an img (class artifact-image, data-name); errors show in its place. */
export function imageFigure(url, name, signal) {
	const slot = h('div', { class: 'artifact-slot' }, loadingView(`Loading ${name}`));
	const figure = h('figure', { class: 'artifact', dataset: { name } }, slot, h('figcaption', {}, caption(name)));
	request(url, { signal, as: 'blob' }).then((blob) => {
		replace(slot, h('img', { class: 'artifact-image', src: objectUrl(blob, signal), alt: caption(name),
			dataset: { name } }));
	}).catch((error) => {
		if (error.name !== 'AbortError') {
			replace(slot, errorView(error));
		}
	});
	return figure;
}

/**
 * Lists the files of base (`api/v1/jobs/<id>/artifacts` or a version's), into container:
 * the PNGs that `show(name)` accepts as images, then a table of every file with a
 * download button. Resolves with the list (empty when nothing was kept).
 */
export async function filesView(container, base, signal, { show = () => true, empty = 'No files.' } = {}) {
	replace(container, loadingView('Loading the files'));
	let files;
	try {
		files = await get(base, { signal });
	}
	catch (error) {
		if (error.name !== 'AbortError') {
			replace(container, errorView(error, { retry: () => filesView(container, base, signal, { show, empty }) }));
		}
		return [];
	}
	const images = files.filter((file) => String(file.mediaType).startsWith('image/png') && show(String(file.name)));
	replace(container,
		images.length ? h('div', { class: 'artifacts' }, images.map((file) =>
			imageFigure(`${base}/${seg(file.name)}`, String(file.name), signal))) : null,
		table([
			{ label: 'File', value: (file) => String(file.name) },
			{ label: 'Type', value: (file) => String(file.mediaType) },
			{ label: 'Size', value: (file) => bytes(file.bytes), numeric: true },
			{ label: '', value: (file) => downloadButton(`${base}/${seg(file.name)}`, String(file.name), signal) },
		], files, { caption: 'Files', className: 'files', empty }));
	return files;
}

/** A button that downloads one kept file (with the key, where reads are protected). */
export function downloadButton(url, name, signal, label = 'Download') {
	const region = h('span', { class: 'muted', 'aria-live': 'polite' });
	const button = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Download ${name}`,
		onclick: async () => {
			button.disabled = true;
			replace(region);
			try {
				saveBlob(await request(url, { signal, as: 'blob' }), name);
			}
			catch (error) {
				if (error.name !== 'AbortError') {
					replace(region, errorView(error));
				}
			}
			finally {
				button.disabled = false;
			}
		} }, label);
	return h('span', {}, button, region);
}
