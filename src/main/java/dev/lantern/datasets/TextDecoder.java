package dev.lantern.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a text upload strictly: a byte order mark (UTF-8, UTF-16LE, UTF-16BE) decides
 * the encoding and is dropped, otherwise the declared charset (the multipart part's or
 * request's {@code charset} parameter) or UTF-8. Bytes that are not valid in that
 * encoding, and NUL characters (what UTF-16 read as UTF-8 gives), stop the read with
 * {@link UndecodableException} naming the line: nothing is ever replaced by U+FFFD. The
 * JDK's {@code InputStreamReader} would lose the line: it throws away the characters it
 * decoded before the bad bytes in the same call. Read it through a buffer: a call must
 * take at least two characters.
 */
final class TextDecoder extends Reader {

	private final InputStream in;

	private final Charset charset;

	private final CharsetDecoder decoder;

	private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();

	private boolean endOfInput;

	private boolean flushed;

	private long line = 1;

	private TextDecoder(InputStream in, Charset charset) {
		this.in = in;
		this.charset = charset;
		this.decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	/**
	 * A strict reader of a text stream.
	 * @param in the bytes
	 * @param declared the declared charset, or null for UTF-8; a byte order mark wins
	 */
	static TextDecoder open(InputStream in, Charset declared) throws IOException {
		PushbackInputStream stream = new PushbackInputStream(in, 3);
		byte[] head = stream.readNBytes(3);
		Charset charset = (declared != null) ? declared : StandardCharsets.UTF_8;
		int bom = 0;
		if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
			charset = StandardCharsets.UTF_8;
			bom = 3;
		}
		else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
			charset = StandardCharsets.UTF_16BE;
			bom = 2;
		}
		else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
			charset = StandardCharsets.UTF_16LE;
			bom = 2;
		}
		stream.unread(head, bom, head.length - bom);
		return new TextDecoder(stream, charset);
	}

	/** The encoding read: the byte order mark's, the declared one or UTF-8. */
	Charset charset() {
		return this.charset;
	}

	@Override
	public int read(char[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		CharBuffer out = CharBuffer.wrap(buffer, offset, length);
		while (out.position() == offset) {
			if (this.flushed) {
				return -1;
			}
			CoderResult result = this.decoder.decode(this.bytes, out, this.endOfInput);
			if (result.isError()) {
				if (out.position() > offset) {
					// Hand over what came before the bad bytes; the next call reports
					// them.
					break;
				}
				throw new UndecodableException(this.line, this.charset, "bytes that are not valid " + this.charset);
			}
			if (result.isOverflow()) {
				if (out.position() == offset) {
					throw new IllegalArgumentException("Read at least 2 characters at a time (a surrogate pair)");
				}
				break;
			}
			if (this.endOfInput) {
				this.decoder.flush(out);
				this.flushed = true;
				continue;
			}
			this.bytes.compact();
			int n = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
			if (n < 0) {
				this.endOfInput = true;
			}
			else {
				this.bytes.position(this.bytes.position() + n);
			}
			this.bytes.flip();
		}
		int count = out.position() - offset;
		for (int i = offset; i < offset + count; i++) {
			char c = buffer[i];
			if (c == '\n') {
				this.line++;
			}
			else if (c == '\0') {
				throw new UndecodableException(this.line, this.charset,
						"a NUL character (UTF-16 without a byte order mark? name the encoding in charset)");
			}
		}
		return count;
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	/** Bytes that are no text in the encoding read. */
	static final class UndecodableException extends IOException {

		private final long line;

		private final Charset charset;

		UndecodableException(long line, Charset charset, String what) {
			super("line " + line + " holds " + what);
			this.line = line;
			this.charset = charset;
		}

		long line() {
			return this.line;
		}

		Charset charset() {
			return this.charset;
		}

	}

}
