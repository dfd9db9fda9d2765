// Train: a form per job type, built from its description in jobtypes.js, showing the
// server's defaults (GET /api/v1/jobs/types); the problem's field errors appear next to
// their fields.

import { h, replace } from '../lib/dom.js';
import { get, post, seg } from '../lib/api.js';
import { createForm } from '../lib/forms.js';
import { heading, load } from '../lib/ui.js';
import { jobTypes } from '../jobtypes.js';

function withForms(types) {
	return types.filter((type) => jobTypes[type.name] && jobTypes[type.name].fields);
}

function chooser(types) {
	const usable = withForms(types);
	return h('div', { class: 'cards two' }, usable.map((type) => {
		const description = jobTypes[type.name];
		return h('section', { class: 'card' }, h('h2', {}, description.title),
			h('p', {}, description.description || ''),
			h('p', {}, h('a', { class: 'button', href: `#/train/${seg(type.name)}` }, `New ${type.name} job`)));
	}), types.filter((type) => !usable.includes(type)).length
		? h('section', { class: 'card' }, h('h2', {}, 'Other job types'),
			h('p', {}, 'These run on this replica but have no form here; submit them with POST /api/v1/jobs: ',
				types.filter((type) => !usable.includes(type)).map((type) => type.name).join(', ')))
		: null);
}

function jobForm(type, defaults, query, signal, navigate) {
	const description = jobTypes[type];
	const fields = description.fields.map((field) => (query.has(field.name)
		? { ...field, value: query.get(field.name) } : field));
	// A link from a finder's suggestion fills the form in with that job's spec and rate.
	const from = query.get('fromJob');
	const rateField = description.fields.find((field) => field.type === 'rate' && query.has(field.name));
	const prefilled = from && rateField ? h('p', { class: 'notice', id: 'prefilled', role: 'status' },
		'Filled in from the learning rate finder ', h('a', { href: `#/jobs/${seg(from)}` }, `job ${from.slice(0, 8)}`),
		`: ${rateField.label.toLowerCase()} ${query.get(rateField.name)}, with that job's data and network. `
		+ 'Name the model and start.') : null;
	const form = createForm({
		fields,
		defaults,
		submitLabel: description.submitLabel || 'Start training',
		errorPrefix: 'spec.',
		signal,
		onSubmit: async (spec) => {
			const job = await post('api/v1/jobs', { type, spec }, { signal });
			navigate(`/jobs/${seg(job.id)}`);
		},
	});
	const presets = (description.presets || []).map((preset) => h('button', { type: 'button', class: 'secondary',
		onclick: () => {
			form.reset();
			form.setValues(preset.values);
			form.clearErrors();
		} }, `Fill in: ${preset.label}`));
	return h('div', {},
		prefilled,
		h('p', {}, description.description || ''),
		h('p', { class: 'muted' }, 'Fields left blank take the default shown under them.'),
		presets.length ? h('div', { class: 'presets' }, presets,
			h('button', { type: 'button', class: 'secondary', onclick: () => {
				form.reset();
				form.clearErrors();
			} }, 'Back to the defaults')) : null,
		form.element);
}

export default {
	section: 'train',
	async render({ main, params, query, signal, navigate }) {
		const type = params.type;
		const body = h('div', {});
		if (type) {
			const description = jobTypes[type];
			main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/train' }, 'Train')),
				heading(description ? `Train: ${description.title}` : `Train: ${type}`), body);
		}
		else {
			main.append(heading('Train'), h('p', {}, 'Choose what to train. Jobs wait in the queue for a free device; '
				+ 'their progress shows on the job\'s page.'), body);
		}
		load(body, () => get('api/v1/jobs/types', { signal }), (types) => {
			if (!type) {
				body.append(chooser(types));
				return;
			}
			const known = types.find((candidate) => candidate.name === type);
			if (!known) {
				replace(body, h('p', { role: 'alert', class: 'error-box' }, `This replica does not run "${type}" jobs. `,
					h('a', { href: '#/train' }, 'Choose another type'), '.'));
				return;
			}
			if (!jobTypes[type] || !jobTypes[type].fields) {
				replace(body, h('p', {}, `The console has no form for "${type}" jobs; submit them with POST /api/v1/jobs.`));
				return;
			}
			body.append(jobForm(type, known.defaults || {}, query, signal, navigate));
		}, 'Loading the job types');
	},
};
