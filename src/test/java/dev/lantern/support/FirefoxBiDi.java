package dev.lantern.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.bidi.BiDi;
import org.openqa.selenium.bidi.Command;
import org.openqa.selenium.bidi.Connection;
import org.openqa.selenium.bidi.Event;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.remote.http.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Firefox ESR driven over WebDriver BiDi, which it speaks itself: no
 * geckodriver. Firefox is started headless with a fresh profile (its network-reaching
 * features off) and {@code --remote-debugging-port=0}; Selenium's BiDi {@link Connection}
 * talks to the WebSocket it prints, and this class sends the few commands the console's
 * tests need ({@code session.new}, {@code browsingContext.navigate},
 * {@code script.callFunction}, {@code browsingContext.captureScreenshot}) and records
 * every {@code log.entryAdded} error. Downloads are saved, without asking, to
 * {@link #downloads()}. Override the binary with {@code LANTERN_TEST_FIREFOX}.
 */
public final class FirefoxBiDi implements AutoCloseable {

	static final Path FIREFOX = Path.of(env("LANTERN_TEST_FIREFOX", "/usr/bin/firefox-esr"));

	private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Preferences that keep Firefox from reaching for the network on its own. */
	private static final List<String> PREFERENCES = List.of("app.update.auto\", false", "app.update.enabled\", false",
			"app.normandy.enabled\", false", "app.shield.optoutstudies.enabled\", false",
			"browser.safebrowsing.malware.enabled\", false", "browser.safebrowsing.phishing.enabled\", false",
			"browser.safebrowsing.downloads.enabled\", false",
			"browser.safebrowsing.provider.mozilla.updateURL\", \"\"", "browser.shell.checkDefaultBrowser\", false",
			"browser.startup.homepage_override.mstone\", \"ignore\"", "browser.newtabpage.enabled\", false",
			"browser.region.network.url\", \"\"", "browser.search.update\", false",
			"datareporting.healthreport.uploadEnabled\", false", "datareporting.policy.dataSubmissionEnabled\", false",
			"extensions.update.enabled\", false", "extensions.getAddons.cache.enabled\", false",
			"messaging-system.rsexperimentloader.enabled\", false", "network.captive-portal-service.enabled\", false",
			"network.connectivity-service.enabled\", false", "network.dns.disablePrefetch\", true",
			"network.prefetch-next\", false", "services.settings.server\", \"data:,#remote-settings-off\"",
			"toolkit.telemetry.enabled\", false", "toolkit.telemetry.server\", \"\"",
			"intl.accept_languages\", \"en-US\"");

	private final Process process;

	private final List<String> output;

	private final BiDi bidi;

	private final String context;

	private final Path downloads;

	private String version;

	private final List<String> logErrors = Collections.synchronizedList(new ArrayList<>());

	private FirefoxBiDi(Process process, List<String> output, BiDi bidi, String context, Path downloads) {
		this.process = process;
		this.output = output;
		this.bidi = bidi;
		this.context = context;
		this.downloads = downloads;
	}

	/** Why Firefox cannot run here, or null when it can. */
	static String unavailableReason() {
		if (!Files.isExecutable(FIREFOX)) {
			return "no Firefox at " + FIREFOX + " (apt-get install firefox-esr, or set LANTERN_TEST_FIREFOX)";
		}
		return null;
	}

	/**
	 * A headless Firefox with a fresh profile under {@code profile}, a viewport of the
	 * given size, {@code preload} run at the start of every document,
	 * {@code log.entryAdded} errors recorded, and downloads saved to {@code downloads}
	 * under {@code profile}.
	 */
	public static FirefoxBiDi start(Path profile, int width, int height, String preload)
			throws IOException, InterruptedException {
		Files.createDirectories(profile);
		Path downloads = Files.createDirectories(profile.resolve("downloads")).toAbsolutePath();
		StringBuilder prefs = new StringBuilder();
		List<String> preferences = new ArrayList<>(PREFERENCES);
		preferences.addAll(List.of("browser.download.folderList\", 2", "browser.download.useDownloadDir\", true",
				"browser.download.always_ask_before_handling_new_types\", false",
				"browser.download.start_downloads_in_tmp_dir\", false",
				"browser.download.dir\", " + JSON.writeValueAsString(downloads.toString())));
		for (String preference : preferences) {
			prefs.append("user_pref(\"").append(preference).append(");\n");
		}
		Files.writeString(profile.resolve("user.js"), prefs, StandardCharsets.UTF_8);
		Process process = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote",
				"--remote-debugging-port=0", "-profile", profile.toAbsolutePath().toString(), "about:blank")
			.redirectErrorStream(true)
			.start();
		List<String> output = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<String> address = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					output.add(line);
					Matcher matcher = LISTENING.matcher(line);
					if (matcher.find()) {
						address.complete(matcher.group(1));
					}
				}
			}
			catch (IOException ex) {
				// Firefox has gone; its output ends here.
			}
			address.complete(null);
		}, "firefox-output");
		reader.setDaemon(true);
		reader.start();
		String ws;
		try {
			ws = address.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			ws = null;
		}
		if (ws == null) {
			process.destroyForcibly();
			throw new IllegalStateException("Firefox did not open its WebDriver BiDi socket: " + output);
		}
		URI session = URI.create(ws + "/session");
		HttpClient client = HttpClient.Factory.createDefault()
			.createClient(ClientConfig.defaultConfig().baseUri(session).wsTimeout(Duration.ofSeconds(60)));
		BiDi bidi = new BiDi(new Connection(client, session.toString()), Duration.ofSeconds(60));
		Map<String, Object> created = bidi.send(map("session.new", Map.of("capabilities", Map.of("alwaysMatch",
				Map.of("acceptInsecureCerts", false, "unhandledPromptBehavior", Map.of("default", "ignore"))))));
		Map<String, Object> tree = bidi.send(map("browsingContext.getTree", Map.of("maxDepth", 0)));
		String context = (String) ((Map<?, ?>) ((List<?>) tree.get("contexts")).get(0)).get("context");
		FirefoxBiDi firefox = new FirefoxBiDi(process, output, bidi, context, downloads);
		Map<?, ?> capabilities = (Map<?, ?>) created.get("capabilities");
		firefox.version = capabilities.get("browserName") + " " + capabilities.get("browserVersion");
		bidi.addListener(new Event<Map<String, Object>>("log.entryAdded", (params) -> params), (entry) -> {
			if ("javascript".equals(entry.get("type")) || "error".equals(entry.get("level"))) {
				firefox.logErrors.add(entry.get("level") + " " + entry.get("type") + ": " + entry.get("text"));
			}
		});
		firefox.setViewport(width, height);
		bidi.send(map("script.addPreloadScript", Map.of("functionDeclaration", "() => {\n" + preload + "\n}")));
		return firefox;
	}

	/** The name and version the browser reported when its session began. */
	public String version() {
		return this.version;
	}

	/** Sets the size of the page's viewport in CSS pixels. */
	public void setViewport(int width, int height) {
		this.bidi.send(map("browsingContext.setViewport",
				Map.of("context", this.context, "viewport", Map.of("width", width, "height", height))));
	}

	/** Loads the address and waits until its document is complete. */
	public void navigate(String url) {
		this.bidi.send(map("browsingContext.navigate", Map.of("context", this.context, "url", url, "wait", "complete")),
				Duration.ofSeconds(60));
	}

	/**
	 * Runs a function body in the page, with {@code arguments} the given strings and
	 * numbers; what it returns (or resolves to) comes back as JSON, or null for
	 * {@code undefined}. A thrown error fails with the page's message.
	 */
	public JsonNode call(String body, Object... arguments) {
		List<Map<String, Object>> values = new ArrayList<>();
		for (Object argument : arguments) {
			values.add((argument instanceof Number) ? Map.of("type", "number", "value", argument)
					: Map.of("type", "string", "value", String.valueOf(argument)));
		}
		String function = "async function() { const result = await (async function() {\n" + body
				+ "\n}).apply(this, arguments); return result === undefined ? undefined : JSON.stringify(result); }";
		Map<String, Object> reply = this.bidi.send(
				map("script.callFunction", Map.of("functionDeclaration", function, "arguments", values, "awaitPromise",
						true, "target", Map.of("context", this.context), "resultOwnership", "none")),
				Duration.ofSeconds(60));
		if (!"success".equals(reply.get("type"))) {
			throw new IllegalStateException("The script failed: " + reply.get("exceptionDetails"));
		}
		Map<?, ?> result = (Map<?, ?>) reply.get("result");
		return "string".equals(result.get("type")) ? JSON.readTree((String) result.get("value")) : null;
	}

	/** Puts the file into the file input the selector finds, as a user choosing it. */
	public void setFile(String selector, Path file) {
		Map<String, Object> reply = this.bidi.send(map("script.callFunction",
				Map.of("functionDeclaration", "(selector) => document.querySelector(selector)", "arguments",
						List.of(Map.of("type", "string", "value", selector)), "awaitPromise", false, "target",
						Map.of("context", this.context))));
		Map<?, ?> element = (Map<?, ?>) reply.get("result");
		if (!"node".equals(element.get("type"))) {
			throw new IllegalStateException("No element " + selector + ": " + element);
		}
		this.bidi.send(map("input.setFiles", Map.of("context", this.context, "element",
				Map.of("sharedId", element.get("sharedId")), "files", List.of(file.toAbsolutePath().toString()))));
	}

	/**
	 * Waits until the expression is truthy in the page (retried when a navigation
	 * interrupts it); fails naming {@code what} after the timeout.
	 */
	public void waitUntil(String what, String expression, int seconds, Object... arguments) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			try {
				JsonNode value = call("return !!(" + expression + ");", arguments);
				if (value != null && value.asBoolean()) {
					return;
				}
				last = null;
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("Waited " + seconds + " s in Firefox for " + what
				+ ((last != null) ? " (last attempt: " + last.getMessage() + ")" : ""));
	}

	/** The directory Firefox saves downloads to. */
	public Path downloads() {
		return this.downloads;
	}

	/**
	 * Waits until Firefox has saved the download of this name (the file is there, not
	 * empty, and its {@code .part} gone) and returns its path; fails after the timeout.
	 */
	public Path waitForDownload(String name, int seconds) {
		Path file = this.downloads.resolve(name);
		Path part = this.downloads.resolve(name + ".part");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		try {
			while (System.nanoTime() < deadline) {
				if (Files.isRegularFile(file) && Files.size(file) > 0 && !Files.exists(part)) {
					return file;
				}
				Thread.sleep(100);
			}
			try (var saved = Files.list(this.downloads)) {
				throw new AssertionError("Waited " + seconds + " s for Firefox to download " + name + "; "
						+ this.downloads + " holds " + saved.map(Path::getFileName).toList());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A PNG of the whole document. */
	public byte[] screenshot() {
		Map<String, Object> reply = this.bidi
			.send(map("browsingContext.captureScreenshot", Map.of("context", this.context, "origin", "document")));
		return Base64.getDecoder().decode((String) reply.get("data"));
	}

	/** What Firefox printed (its last lines), for a failure's message. */
	public List<String> output() {
		synchronized (this.output) {
			return List.copyOf(this.output.subList(Math.max(0, this.output.size() - 40), this.output.size()));
		}
	}

	/** Errors Firefox logged (script errors and console errors), cleared by the call. */
	public List<String> takeLogErrors() {
		synchronized (this.logErrors) {
			List<String> errors = List.copyOf(this.logErrors);
			this.logErrors.clear();
			return errors;
		}
	}

	@Override
	public void close() {
		try {
			this.bidi.send(map("session.end", Map.of()), Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			// Firefox may close the socket before it answers.
		}
		try {
			this.bidi.close();
		}
		catch (RuntimeException ex) {
			// The socket is gone already.
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static Command<Map<String, Object>> map(String method, Map<String, Object> params) {
		return new Command<>(method, params, Map.class);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
