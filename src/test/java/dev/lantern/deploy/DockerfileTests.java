package dev.lantern.deploy;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import dev.lantern.deploy.Dockerfile.Instruction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks docker/Dockerfile and docker/Dockerfile.cuda against the repository and the
 * application's configuration: there is no Docker engine to build them in the test run.
 */
class DockerfileTests {

	private static final Path CPU = Path.of("docker", "Dockerfile");

	private static final Path CUDA = Path.of("docker", "Dockerfile.cuda");

	private static ApplicationSettings settings;

	private static DockerIgnore dockerIgnore;

	@BeforeAll
	static void load() throws IOException {
		settings = ApplicationSettings.load();
		dockerIgnore = DockerIgnore.load(Path.of(".dockerignore"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void copiesOnlyFilesThatExistAndAreInTheBuildContext(String file) throws IOException {
		List<Instruction> copies = Dockerfile.load(Path.of(file))
			.all("COPY")
			.stream()
			.filter((copy) -> copy.flag("from").isEmpty())
			.toList();
		assertThat(copies).isNotEmpty();
		for (Instruction copy : copies) {
			List<String> operands = copy.operands();
			for (String source : operands.subList(0, operands.size() - 1)) {
				assertThat(Path.of(source)).as("COPY source %s", source).exists();
				assertThat(filesInContext(Path.of(source)))
					.as("files of %s in the build context (.dockerignore)", source)
					.isNotEmpty();
			}
		}
	}

	@Test
	void buildContextHoldsTheBuildInputsButNotBuildOutputDataOrTests() {
		assertThat(dockerIgnore.includes("src/main/java/dev/lantern/LanternApplication.java")).isTrue();
		assertThat(dockerIgnore.includes("src/main/resources/application.yaml")).isTrue();
		assertThat(dockerIgnore.includes(".mvn/wrapper/maven-wrapper.properties")).isTrue();
		assertThat(dockerIgnore.includes("src/layers.xml")).as("the jar's layers configuration").isTrue();
		assertThat(dockerIgnore.includes("target/lantern.jar")).isFalse();
		assertThat(dockerIgnore.includes("data/db/lantern.mv.db")).isFalse();
		assertThat(dockerIgnore.includes(".git/HEAD")).isFalse();
		assertThat(dockerIgnore.includes("src/test/java/dev/lantern/deploy/DockerfileTests.java")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void copiesEveryJarLayerLeastOftenChangedFirst(String file) throws Exception {
		Pattern layerSource = Pattern.compile("^/workspace/extracted/([^/]+)/$");
		List<String> copied = new ArrayList<>();
		for (Instruction copy : Dockerfile.load(Path.of(file)).finalStage("COPY")) {
			Matcher matcher = layerSource.matcher(copy.operands().get(0));
			if (matcher.matches()) {
				copied.add(matcher.group(1));
			}
		}
		assertThat(copied).containsExactlyElementsOf(layerOrder());
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void exposesTheServerPort(String file) throws IOException {
		List<Instruction> exposes = Dockerfile.load(Path.of(file)).finalStage("EXPOSE");
		assertThat(exposes).singleElement()
			.extracting(Instruction::arguments)
			.isEqualTo(String.valueOf(settings.serverPort()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void healthcheckProbesTheLivenessEndpointOnTheServerPort(String file) throws IOException {
		List<Instruction> healthchecks = Dockerfile.load(Path.of(file)).finalStage("HEALTHCHECK");
		assertThat(healthchecks).hasSize(1);
		Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{SERVER_PORT:-(\\d+)}(/\\S*?)\"")
			.matcher(healthchecks.get(0).arguments());
		assertThat(url.find()).as("healthcheck URL in %s", healthchecks.get(0).arguments()).isTrue();
		assertThat(Integer.parseInt(url.group(1))).isEqualTo(settings.serverPort());
		assertThat(url.group(2)).isEqualTo(settings.livenessPath());
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void runsAsTheNonRootUserTheChartExpects(String file) throws IOException {
		List<Instruction> users = Dockerfile.load(Path.of(file)).finalStage("USER");
		assertThat(users).isNotEmpty();
		String user = users.get(users.size() - 1).arguments();
		assertThat(user).doesNotMatch("^(root|0)(:.*)?$");
		// Numeric, so that Kubernetes can verify runAsNonRoot.
		assertThat(user).matches("\\d+:\\d+");
		Map<String, Object> podSecurityContext = chartValues("podSecurityContext");
		assertThat(user).isEqualTo(podSecurityContext.get("runAsUser") + ":" + podSecurityContext.get("runAsGroup"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void keepsTheDataDirectoryOnTheVolumeTheChartMounts(String file) throws IOException {
		Dockerfile dockerfile = Dockerfile.load(Path.of(file));
		String dataDir = dockerfile.env("LANTERN_DATA_DIR").orElseThrow();
		assertThat(dockerfile.finalStage("VOLUME")).singleElement()
			.extracting(Instruction::arguments)
			.isEqualTo("[\"" + dataDir + "\"]");
		Map<String, Object> persistence = chartValues("persistence");
		assertThat(persistence.get("mountPath")).isEqualTo(dataDir);
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void prefetchesNativesIntoAJavacppCacheOwnedByTheRuntimeUser(String file) throws IOException {
		Dockerfile dockerfile = Dockerfile.load(Path.of(file));
		String entrypoint = dockerfile.finalStage("ENTRYPOINT").get(0).arguments();
		Matcher cacheDir = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=([^\"]+)\"").matcher(entrypoint);
		assertThat(cacheDir.find()).as("JavaCPP cache directory in %s", entrypoint).isTrue();
		String runtimeUser = dockerfile.finalStage("USER").get(0).arguments();

		Instruction prefetch = dockerfile.all("RUN")
			.stream()
			.filter((run) -> run.arguments().contains("PrefetchNatives.java"))
			.findFirst()
			.orElseThrow();
		Matcher buildCache = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)")
			.matcher(prefetch.arguments());
		assertThat(buildCache.find()).isTrue();

		Instruction cacheCopy = dockerfile.finalStage("COPY")
			.stream()
			.filter((copy) -> copy.operands().get(copy.operands().size() - 1).startsWith(cacheDir.group(1)))
			.findFirst()
			.orElseThrow();
		assertThat(cacheCopy.operands().get(0)).startsWith(buildCache.group(1));
		// JavaCPP links the unpacked libraries by absolute path: unpack where they will
		// be used.
		assertThat(buildCache.group(1)).isEqualTo(cacheDir.group(1));
		assertThat(cacheCopy.flag("chown")).as("cache owner").isPresent();
		String owner = cacheCopy.flag("chown").get();
		assertThat(dockerfile.finalStage("RUN").get(0).arguments()).contains("--uid " + runtimeUser.split(":")[0])
			.contains("useradd")
			.contains(owner.split(":")[0]);
	}

	@Test
	void prefetchProgramCompilesAgainstTheApplicationsNd4j(@TempDir Path output) {
		// The ND4J and JavaCPP (oneDNN presets) jars of the test class path are enough,
		// and far quicker to scan than all.
		String nd4j = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> entry.contains("nd4j") || entry.contains("bytedeco"))
			.collect(Collectors.joining(File.pathSeparator));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "-d", output.toString(), "-proc:none", "-classpath", nd4j,
				"docker/PrefetchNatives.java");
		assertThat(status).isZero();
		assertThat(output.resolve("PrefetchNatives.class")).exists();
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void runsWithTheNativeMemoryAndThreadSettingsTheTestsRunWith(String file) throws Exception {
		Dockerfile dockerfile = Dockerfile.load(Path.of(file));
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		String tunables = pom.getElementsByTagName("lantern.glibc.tunables").item(0).getTextContent();
		assertThat(tunables).contains("glibc.malloc.hugetlb=1");
		assertThat(dockerfile.env("GLIBC_TUNABLES")).hasValue(tunables);
		assertThat(dockerfile.env("OMP_WAIT_POLICY")).hasValue("PASSIVE");
	}

	@Test
	void cpuImageBuildsTheDefaultProfileAndExpectsTheCpu() throws IOException {
		Dockerfile dockerfile = Dockerfile.load(CPU);
		assertThat(mavenBuild(dockerfile)).contains("./mvnw").contains("package").doesNotContain("-P");
		assertThat(dockerfile.env("LANTERN_BACKEND_EXPECTED")).hasValue("cpu");
	}

	@Test
	void cudaImageBuildsTheCudaProfileOnACudnnRuntime() throws IOException {
		Dockerfile dockerfile = Dockerfile.load(CUDA);
		assertThat(mavenBuild(dockerfile)).contains("./mvnw").contains("-Pcuda").contains("package");
		assertThat(dockerfile.env("LANTERN_BACKEND_EXPECTED")).hasValue("cuda");
		String base = dockerfile.finalStage("FROM").get(0).arguments();
		assertThat(base).isEqualTo("${CUDA_IMAGE}");
		// CUDA 11.6 and cuDNN 8, which nd4j-cuda-11.6 1.0.0-M2.1 binds (org.bytedeco:cuda
		// 11.6-8.3).
		assertThat(dockerfile.argDefault("CUDA_IMAGE")).hasValueSatisfying(
				(image) -> assertThat(image).startsWith("nvidia/cuda:11.6.").contains("-cudnn8-runtime-"));
		assertThat(dockerfile.env("JAVA_HOME")).hasValue("/opt/java/openjdk");
		// Java 17 takes its default charset from the locale, which the CUDA base leaves
		// unset.
		assertThat(dockerfile.env("LANG")).hasValueSatisfying((lang) -> assertThat(lang).endsWith(".UTF-8"));
	}

	@Test
	void cudaBuildAlsoCarriesTheCpuBackendForTheFallback() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		org.w3c.dom.Element project = pom.getDocumentElement();
		List<String> always = dependencies((org.w3c.dom.Element) project.getElementsByTagName("dependencies").item(0));
		List<String> cuda = new ArrayList<>();
		NodeList profiles = pom.getElementsByTagName("profile");
		for (int i = 0; i < profiles.getLength(); i++) {
			org.w3c.dom.Element profile = (org.w3c.dom.Element) profiles.item(i);
			if ("cuda".equals(profile.getElementsByTagName("id").item(0).getTextContent())) {
				cuda.addAll(dependencies(profile));
			}
		}
		assertThat(cuda).contains("nd4j-cuda-11.6", "nd4j-cuda-11.6:linux-x86_64-cudnn");
		assertThat(always).contains("nd4j-native", "nd4j-native:${nd4j.native.classifier}");
	}

	private static List<String> dependencies(org.w3c.dom.Element parent) {
		List<String> found = new ArrayList<>();
		NodeList dependencies = parent.getElementsByTagName("dependency");
		for (int j = 0; j < dependencies.getLength(); j++) {
			org.w3c.dom.Element dependency = (org.w3c.dom.Element) dependencies.item(j);
			if (dependency.getParentNode().getParentNode() != parent
					&& dependency.getParentNode().getParentNode().getNodeName().equals("profile")) {
				continue;
			}
			NodeList classifier = dependency.getElementsByTagName("classifier");
			found.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent()
					+ ((classifier.getLength() > 0) ? ":" + classifier.item(0).getTextContent() : ""));
		}
		return found;
	}

	private static List<String> filesInContext(Path source) throws IOException {
		try (var files = Files.walk(source)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> file.toString().replace('\\', '/'))
				.filter(dockerIgnore::includes)
				.toList();
		}
	}

	private static String mavenBuild(Dockerfile dockerfile) {
		return dockerfile.all("RUN")
			.stream()
			.map(Instruction::arguments)
			.filter((run) -> run.contains("mvnw"))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> layerOrder() throws Exception {
		Document layers = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("src", "layers.xml").toFile());
		NodeList order = layers.getElementsByTagName("layerOrder").item(0).getChildNodes();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < order.getLength(); i++) {
			if ("layer".equals(order.item(i).getNodeName())) {
				names.add(order.item(i).getTextContent().strip());
			}
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> chartValues(String key) throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of("helm", "lantern", "values.yaml"))) {
			Map<String, Object> values = new Yaml().load(reader);
			return (Map<String, Object>) values.get(key);
		}
	}

}
