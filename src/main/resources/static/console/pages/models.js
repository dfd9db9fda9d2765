// Models: the registry's models with their default version, and archive import.

import { h } from '../lib/dom.js';
import { get, seg, upload } from '../lib/api.js';
import { createForm, queryString } from '../lib/forms.js';
import { heading, load, num, table, time } from '../lib/ui.js';

function importForm(signal, navigate) {
	const progress = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
	const form = createForm({
		fields: [
			{ name: 'file', label: 'Archive', type: 'file', required: true, accept: '.zip',
				help: 'A zip made by a version\'s archive download' },
			{ name: 'name', label: 'Register as', type: 'text', pattern: '[A-Za-z0-9._-]{1,100}',
				patternHelp: 'letters, digits, dot, dash and underscore, at most 100', help: 'Default: the name in the archive' },
		],
		submitLabel: 'Import',
		signal,
		extra: [progress],
		onSubmit: async (values) => {
			const body = new FormData();
			body.append('file', values.file, values.file.name);
			progress.hidden = false;
			try {
				const version = await upload(`api/v1/models${queryString({ name: values.name })}`, body, {
					signal, onProgress: (loaded, total) => {
						progress.value = Math.round((100 * loaded) / total);
					},
				});
				navigate(`/models/${seg(version.name)}/versions/${seg(version.version)}`);
			}
			finally {
				progress.hidden = true;
			}
		},
	});
	return form.element;
}

export default {
	section: 'models',
	async render({ main, signal, navigate }) {
		const list = h('div', {});
		main.append(heading('Models'),
			h('section', { class: 'card' }, h('h2', {}, 'Registered models'), list),
			h('section', { class: 'card' }, h('h2', {}, 'Import an archive'), importForm(signal, navigate)));
		load(list, () => get('api/v1/models', { signal }), (models) => {
			list.append(table([
				{ label: 'Name', value: (m) => h('a', { href: `#/models/${seg(m.name)}` }, String(m.name)) },
				{ label: 'Kind', value: (m) => String(m.kind ?? '') },
				{ label: 'Default version', value: (m) => (m.defaultVersion ? h('a',
					{ href: `#/models/${seg(m.name)}/versions/${seg(m.defaultVersion)}` }, `v${m.defaultVersion}`) : '–') },
				{ label: 'Versions', value: (m) => num(m.versions), numeric: true },
				{ label: 'Updated', value: (m) => time(m.updatedAt) },
				{ label: '', value: (m) => h('a', { href: `#/try/${seg(m.name)}` }, 'Try it') },
			], models, { caption: 'Models', empty: 'No models yet: train one on the Train page.' }));
		}, 'Loading the models');
	},
};
