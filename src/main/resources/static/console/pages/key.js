// The API key: entered once per browser tab (sessionStorage), sent as a Bearer token.

import { h, replace } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { getKey, setKey } from '../lib/key.js';
import { errorView, heading } from '../lib/ui.js';

export default {
	section: 'key',
	async render({ main, signal }) {
		const input = h('input', { type: 'password', id: 'api-key', autocomplete: 'off', spellcheck: 'false',
			'aria-describedby': 'api-key-hint' });
		const status = h('div', { 'aria-live': 'polite', id: 'api-key-status' });
		const describe = () => replace(status, h('p', {}, getKey()
			? 'A key is set for this tab: changes are sent with it.'
			: 'No key is set: reads work, changes will be refused.'));
		const save = async (event) => {
			event.preventDefault();
			const value = input.value.trim();
			if (!value) {
				replace(status, h('p', { class: 'error-box', role: 'alert' }, 'Paste a key first, or use Forget.'));
				input.focus();
				return;
			}
			if (value.length > 4096 || /[\r\n]/.test(value)) {
				replace(status, h('p', { class: 'error-box', role: 'alert' }, 'That does not look like an API key.'));
				return;
			}
			setKey(value);
			input.value = '';
			replace(status, h('p', { class: 'loading', role: 'status' }, 'Checking the key…'));
			try {
				// A wrong key is refused on every request, reads too: a read tells whether it is accepted.
				await get('api/v1/system', { signal });
				replace(status, h('p', { role: 'status', class: 'success' }, 'Saved. Lantern accepts this key.'));
			}
			catch (error) {
				if (error.name !== 'AbortError') {
					replace(status, errorView(error));
				}
			}
		};
		const form = h('form', { class: 'form', novalidate: '', onsubmit: save },
			h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), input,
				h('p', { class: 'hint', id: 'api-key-hint' }, 'Kept in this browser tab only (sessionStorage) and sent as '
					+ '"Authorization: Bearer <key>". Closing the tab forgets it.')),
			h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: 'save-key' }, 'Save'),
				h('button', { type: 'button', class: 'secondary', id: 'forget-key', onclick: () => {
					setKey('');
					describe();
				} }, 'Forget')));
		main.append(heading('API key'),
			h('p', {}, 'Lantern needs an API key for every change: uploads, generated datasets, jobs, deletes and '
				+ 'model changes. Reading works without one unless the server protects reads.'),
			h('section', { class: 'card' }, form, status),
			h('section', { class: 'card' }, h('h2', {}, 'Where the key comes from'),
				h('ul', {},
					h('li', {}, 'Set by whoever runs Lantern: the property lantern.security.api-keys (environment variable '
						+ 'LANTERN_SECURITY_API_KEYS) or a key file (lantern.security.api-keys-file).'),
					h('li', {}, 'Otherwise Lantern generated one on its first start and stored it in the file api-key of its '
						+ 'data directory: ', h('code', {}, 'cat data/api-key'), ' next to where it runs. The log says where.'))));
		describe();
	},
};
