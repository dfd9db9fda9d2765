// A model: its versions, which one is the default, deletes and archive downloads.

import { h } from '../lib/dom.js';
import { get, request, seg } from '../lib/api.js';
import { act, heading, load, num, outcomeRegion, saveBlob, table, time } from '../lib/ui.js';

function metricsText(metrics) {
	return Object.entries(metrics || {}).filter(([, v]) => typeof v === 'number')
		.map(([k, v]) => `${k} ${num(v)}`).join(', ');
}

export default {
	section: 'models',
	async render({ main, params, signal, navigate }) {
		const name = params.name;
		const body = h('div', {});
		const region = outcomeRegion();
		main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'Models')),
			heading(`Model ${name}`), region, h('section', { class: 'card' }, h('h2', {}, 'Versions'), body));
		const show = () => load(body, () => get(`api/v1/models/${seg(name)}`, { signal }), (model) => {
			body.append(table([
				{ label: 'Version', value: (v) => h('a', { href: `#/models/${seg(name)}/versions/${seg(v.version)}` },
					`v${v.version}`) },
				{ label: 'Kind', value: (v) => String(v.kind) },
				{ label: 'Default', value: (v) => (v.isDefault ? h('span', { class: 'badge status-succeeded' }, 'default') : '') },
				{ label: 'Metrics', value: (v) => metricsText(v.metrics) },
				{ label: 'Created', value: (v) => time(v.createdAt) },
				{ label: 'Actions', value: (v) => {
					const buttons = [];
					if (!v.isDefault) {
						const makeDefault = h('button', { type: 'button', class: 'secondary small',
							'aria-label': `Make version ${v.version} the default`, onclick: async () => {
								const done = await act(makeDefault, region, () => request(`api/v1/models/${seg(name)}/default-version`,
									{ method: 'PUT', json: { version: v.version }, signal }), 'Switching');
								if (done !== undefined) {
									show();
								}
							} }, 'Make default');
						buttons.push(makeDefault);
					}
					const download = h('button', { type: 'button', class: 'secondary small',
						'aria-label': `Download version ${v.version} as an archive`, onclick: async () => {
							const blob = await act(download, region, () => request(
								`api/v1/models/${seg(name)}/versions/${seg(v.version)}/archive`, { signal, as: 'blob' }),
							'Preparing the archive');
							if (blob) {
								saveBlob(blob, `${name}-v${v.version}.zip`);
							}
						} }, 'Download');
					buttons.push(download);
					const remove = h('button', { type: 'button', class: 'danger small',
						'aria-label': `Delete version ${v.version}`, onclick: async () => {
							const question = v.isDefault
								? `Version ${v.version} is the default. Delete it anyway? The newest remaining version becomes the default.`
								: `Delete version ${v.version} of ${name}?`;
							if (!window.confirm(question)) {
								return;
							}
							const done = await act(remove, region, () => request(
								`api/v1/models/${seg(name)}/versions/${seg(v.version)}${v.isDefault ? '?force=true' : ''}`,
								{ method: 'DELETE', signal }), 'Deleting');
							if (done !== undefined) {
								if (model.versions.length <= 1) {
									navigate('/models');
								}
								else {
									show();
								}
							}
						} }, 'Delete');
					buttons.push(remove);
					return h('div', { class: 'row-actions' }, buttons);
				} },
			], model.versions, { caption: 'Versions, oldest first' }),
			h('p', {}, h('a', { class: 'button', href: `#/try/${seg(name)}` }, 'Try the default version')));
		}, 'Loading the model');
		show();
	},
};
