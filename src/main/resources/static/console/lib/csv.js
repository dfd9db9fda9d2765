// RFC 4180 CSV: enough to read the CSV that Lantern's predict endpoint answers with.

/** Parses CSV text into rows of fields; at most maxRows rows (the rest are counted). */
export function parseCsv(text, maxRows = Infinity) {
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	let total = 0;
	const endRow = () => {
		row.push(field);
		field = '';
		if (!(row.length === 1 && row[0] === '')) {
			total += 1;
			if (rows.length < maxRows) {
				rows.push(row);
			}
		}
		row = [];
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 1;
				}
				else {
					quoted = false;
				}
			}
			else {
				field += c;
			}
		}
		else if (c === '"') {
			quoted = true;
		}
		else if (c === ',') {
			row.push(field);
			field = '';
		}
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') {
				i += 1;
			}
			endRow();
		}
		else {
			field += c;
		}
	}
	if (field !== '' || row.length) {
		endRow();
	}
	return { rows, total };
}
