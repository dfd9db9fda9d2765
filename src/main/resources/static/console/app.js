// The console's shell: hash routes (#/jobs/<id>), so that every page has a link of its
// own, the back button works, and Lantern needs to serve nothing but index.html, also
// behind a proxy that adds a path prefix.

import { h, replace } from './lib/dom.js';
import { getKey, onKeyChange } from './lib/key.js';
import { errorView, heading } from './lib/ui.js';
import overview from './pages/overview.js';
import datasets from './pages/datasets.js';
import dataset from './pages/dataset.js';
import train from './pages/train.js';
import jobs from './pages/jobs.js';
import job from './pages/job.js';
import models from './pages/models.js';
import model from './pages/model.js';
import version from './pages/version.js';
import tryIt from './pages/try.js';
import playground from './pages/playground.js';
import keyPage from './pages/key.js';

const routes = [
	['/', overview],
	['/datasets', datasets],
	['/datasets/:id', dataset],
	['/train', train],
	['/train/:type', train],
	['/jobs', jobs],
	['/jobs/:id', job],
	['/models', models],
	['/models/:name', model],
	['/models/:name/versions/:version', version],
	['/try', tryIt],
	['/try/:name', tryIt],
	['/playground', playground],
	['/key', keyPage],
].map(([pattern, page]) => {
	const names = [];
	const regex = new RegExp(`^${pattern.replace(/:([a-z]+)/g, (_, name) => {
		names.push(name);
		return '([^/]+)';
	})}$`);
	return { regex, names, page };
});

const notFound = {
	section: null,
	render({ main }) {
		main.append(heading('No such page'), h('p', {}, 'The console has no page at this address. ',
			h('a', { href: '#/' }, 'Go to the overview'), '.'));
	},
};

const main = document.getElementById('main');
let current = null;

/** Where the hash points: a path and its query. */
function location() {
	const hash = window.location.hash.replace(/^#/, '') || '/';
	const [path, search] = hash.split('?');
	return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search || '') };
}

/** Goes to a console path such as '/jobs/<id>'. */
export function navigate(path) {
	window.location.hash = `#${path}`;
}

function match(path) {
	for (const route of routes) {
		const found = route.regex.exec(path);
		if (found) {
			const params = {};
			route.names.forEach((name, i) => {
				try {
					params[name] = decodeURIComponent(found[i + 1]);
				}
				catch {
					params[name] = found[i + 1];
				}
			});
			return { page: route.page, params };
		}
	}
	return { page: notFound, params: {} };
}

function markNavigation(section) {
	document.querySelectorAll('#nav a').forEach((link) => {
		if (link.dataset.section === section) {
			link.setAttribute('aria-current', 'page');
		}
		else {
			link.removeAttribute('aria-current');
		}
	});
}

async function render(focus) {
	if (current) {
		current.abort();
	}
	const controller = new AbortController();
	current = controller;
	const { path, query } = location();
	const { page, params } = match(path);
	markNavigation(page.section);
	replace(main);
	// What a page marks on <main> (a job's status, for example) belongs to that page only.
	Object.keys(main.dataset).forEach((key) => delete main.dataset[key]);
	try {
		await page.render({ main, params, query, signal: controller.signal, navigate });
	}
	catch (error) {
		if (!controller.signal.aborted) {
			main.append(errorView(error));
		}
	}
	if (focus && !controller.signal.aborted) {
		const title = main.querySelector('h1');
		(title || main).focus();
	}
}

function showKeyState(key) {
	const link = document.getElementById('key-status');
	link.textContent = key ? 'API key ✓' : 'API key';
	link.title = key ? 'An API key is set for this tab' : 'No API key set: changes will be refused';
}

document.getElementById('skip-link').addEventListener('click', (event) => {
	event.preventDefault();
	main.focus();
});
window.addEventListener('hashchange', () => render(true));
onKeyChange(showKeyState);
showKeyState(getKey());
render(false);
