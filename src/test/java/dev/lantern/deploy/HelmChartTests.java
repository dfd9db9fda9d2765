package dev.lantern.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Lints and renders helm/lantern with Helm itself (embedded by helm-java) and checks the
 * manifests, parsed as YAML, against the application's configuration.
 */
class HelmChartTests {

	private static final Path CHART = Path.of("helm", "lantern");

	private static final Map<String, Object> GPU_AND_EXTERNAL_DATABASE = values("gpu.enabled", true, "gpu.count", 2,
			"postgresql.external.host", "db.example.com", "postgresql.external.database", "models",
			"postgresql.external.username", "lantern_app", "postgresql.external.password", "s3cret",
			"security.apiKeys[0]", "key-one", "security.apiKeys[1]", "key-two");

	private static ApplicationSettings settings;

	@BeforeAll
	static void loadSettings() throws IOException {
		settings = ApplicationSettings.load();
	}

	@Test
	void lintsCleanWithDefaultsAndWithGpuAndExternalDatabase() {
		LintResult defaults = new Helm(CHART).lint().strict().call();
		assertThat(defaults.isFailed()).as("lint: %s", defaults.getMessages()).isFalse();
		// helm-java's lint takes no values: render the other set, which checks the schema
		// too.
		assertThat(render(GPU_AND_EXTERNAL_DATABASE).documents()).isNotEmpty();
	}

	@Test
	void defaultsRunOneCpuPodOnTheEmbeddedDatabaseWithAPersistentDataVolume() throws Exception {
		Manifests manifests = render(Map.of());
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
		assertThat(at(deployment, "spec", "strategy", "type")).as("one process may open the H2 file")
			.isEqualTo("Recreate");
		Map<String, Object> container = container(deployment);
		assertThat(container.get("image")).isEqualTo("lantern:" + chartAppVersion());
		assertThat(limits(container)).doesNotContainKey("nvidia.com/gpu");
		assertThat(at(deployment, "spec", "template", "spec", "nodeSelector")).isNull();
		assertThat(at(deployment, "spec", "template", "spec", "tolerations")).isNull();
		assertThat(env(container)).doesNotContainKeys("SPRING_DATASOURCE_PASSWORD", "SPRING_DATASOURCE_USERNAME");

		Map<String, Object> config = configData(manifests);
		assertThat(config).doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"LANTERN_SECURITY_API_KEYS_FILE");
		assertThat(config).containsEntry("LANTERN_BACKEND_EXPECTED", "cpu")
			.containsEntry("LANTERN_DATA_DIR", "/data")
			.containsEntry("LANTERN_SECURITY_GENERATE_KEY", "true");
		assertThat(manifests.all("Secret")).isEmpty();

		Map<String, Object> claim = manifests.one("PersistentVolumeClaim");
		assertThat(at(claim, "spec", "accessModes")).isEqualTo(List.of("ReadWriteOnce"));
		assertThat(at(claim, "metadata", "annotations", "helm.sh/resource-policy")).isEqualTo("keep");
		assertThat(volume(deployment, "data")).containsEntry("persistentVolumeClaim",
				Map.of("claimName", at(claim, "metadata", "name")));
		assertThat(mount(container, "data")).containsEntry("mountPath", "/data");
		assertThat(manifests.all("HorizontalPodAutoscaler")).isEmpty();
		assertThat(manifests.all("ServiceMonitor")).isEmpty();
	}

	@Test
	void probesPointAtTheActuatorHealthGroupsOnTheServerPort() {
		Map<String, Object> deployment = render(Map.of()).one("Deployment");
		Map<String, Object> container = container(deployment);
		assertThat(probePath(container, "startupProbe")).isEqualTo(settings.livenessPath());
		assertThat(probePath(container, "livenessProbe")).isEqualTo(settings.livenessPath());
		assertThat(probePath(container, "readinessProbe")).isEqualTo(settings.readinessPath());
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(containerPort(container, at(container, probe, "httpGet", "port"))).as(probe)
				.isEqualTo(settings.serverPort());
		}
		Map<String, Object> service = render(values("service.annotations.team", "ml")).one("Service");
		assertThat(at(service, "metadata", "annotations")).isEqualTo(Map.of("team", "ml"));
		List<Map<String, Object>> ports = list(at(service, "spec", "ports"));
		assertThat(containerPort(container, ports.get(0).get("targetPort"))).isEqualTo(settings.serverPort());
	}

	@Test
	void gpuAddsTheGpuLimitTolerationNodeSelectorAndCudaImage() {
		Manifests manifests = render(GPU_AND_EXTERNAL_DATABASE);
		Map<String, Object> deployment = manifests.one("Deployment");
		Map<String, Object> container = container(deployment);
		assertThat(limits(container)).containsEntry("nvidia.com/gpu", 2).containsKey("memory");
		assertThat(container.get("image")).isEqualTo("lantern:" + chartAppVersion() + "-cuda");
		assertThat(at(deployment, "spec", "template", "spec", "nodeSelector"))
			.isEqualTo(Map.of("nvidia.com/gpu.present", "true"));
		assertThat(list(at(deployment, "spec", "template", "spec", "tolerations")))
			.containsExactly(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule"));
		assertThat(configData(manifests)).containsEntry("LANTERN_BACKEND_EXPECTED", "cuda");
	}

	@Test
	void gpuSettingsMergeWithTheUsersOwn() {
		Map<String, Object> values = new LinkedHashMap<>(GPU_AND_EXTERNAL_DATABASE);
		values.putAll(values("gpu.image.tag", "nightly-gpu", "nodeSelector.pool", "training", "tolerations[0].key",
				"dedicated", "tolerations[0].operator", "Equal", "tolerations[0].value", "ml", "resources.limits.cpu",
				"2500m"));
		Map<String, Object> deployment = render(values).one("Deployment");
		assertThat(container(deployment).get("image")).isEqualTo("lantern:nightly-gpu");
		assertThat(limits(container(deployment))).containsEntry("nvidia.com/gpu", 2).containsEntry("cpu", "2500m");
		assertThat(at(deployment, "spec", "template", "spec", "nodeSelector"))
			.isEqualTo(Map.of("pool", "training", "nvidia.com/gpu.present", "true"));
		assertThat(list(at(deployment, "spec", "template", "spec", "tolerations"))).hasSize(2);
	}

	@Test
	void externalDatabaseSetsTheDatasourceWithThePasswordFromTheSecret() {
		Manifests manifests = render(GPU_AND_EXTERNAL_DATABASE);
		assertThat(configData(manifests))
			.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example.com:5432/models")
			.containsEntry("SPRING_DATASOURCE_USERNAME", "lantern_app");
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(at(deployment, "spec", "strategy", "type")).as("the ReadWriteOnce volume moves with the pod")
			.isEqualTo("Recreate");
		Map<String, Object> secret = manifests.one("Secret");
		Map<String, Object> passwordRef = secretRef(container(deployment), "SPRING_DATASOURCE_PASSWORD");
		assertThat(passwordRef.get("name")).isEqualTo(at(secret, "metadata", "name"));
		assertThat(decoded(secret, (String) passwordRef.get("key"))).isEqualTo("s3cret");
		assertThat(configData(manifests).values()).doesNotContain("s3cret");
	}

	@Test
	void externalDatabaseCredentialsCanComeFromAnExistingSecret() {
		Manifests manifests = render(values("postgresql.external.host", "db", "postgresql.external.parameters",
				"sslmode=require", "postgresql.external.existingSecret", "db-credentials",
				"postgresql.external.existingSecretUsernameKey", "username"));
		assertThat(configData(manifests))
			.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/lantern?sslmode=require")
			.doesNotContainKey("SPRING_DATASOURCE_USERNAME");
		Map<String, Object> container = container(manifests.one("Deployment"));
		assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD"))
			.isEqualTo(Map.of("name", "db-credentials", "key", "password"));
		assertThat(secretRef(container, "SPRING_DATASOURCE_USERNAME"))
			.isEqualTo(Map.of("name", "db-credentials", "key", "username"));
		assertThat(manifests.all("Secret")).isEmpty();
	}

	@Test
	void externalDatabaseWithoutPasswordIsRefused() {
		assertThatException().isThrownBy(() -> render(values("postgresql.external.host", "db")))
			.withMessageContaining("postgresql.external.password");
	}

	@Test
	void apiKeysAreMountedAsTheKeysFile() {
		Manifests manifests = render(GPU_AND_EXTERNAL_DATABASE);
		Map<String, Object> config = configData(manifests);
		assertThat(config).containsEntry("LANTERN_SECURITY_GENERATE_KEY", "false");
		Map<String, Object> deployment = manifests.one("Deployment");
		Map<String, Object> keysVolume = volume(deployment, "api-keys");
		Map<String, Object> secretVolume = map(keysVolume.get("secret"));
		Map<String, Object> item = list(secretVolume.get("items")).get(0);
		String mountPath = (String) mount(container(deployment), "api-keys").get("mountPath");
		assertThat(config).containsEntry("LANTERN_SECURITY_API_KEYS_FILE", mountPath + "/" + item.get("path"));
		Map<String, Object> secret = manifests.one("Secret");
		assertThat(secretVolume.get("secretName")).isEqualTo(at(secret, "metadata", "name"));
		assertThat(decoded(secret, (String) item.get("key")).split("\n")).containsExactly("key-one", "key-two");
		assertThat(env(container(deployment))).doesNotContainKey("LANTERN_SECURITY_API_KEYS");
	}

	@Test
	void apiKeysCanComeFromAnExistingSecret() {
		Manifests manifests = render(
				values("security.existingSecret", "lantern-keys", "security.existingSecretKey", "keys.txt"));
		Map<String, Object> secretVolume = map(volume(manifests.one("Deployment"), "api-keys").get("secret"));
		assertThat(secretVolume.get("secretName")).isEqualTo("lantern-keys");
		assertThat(list(secretVolume.get("items")).get(0)).containsEntry("key", "keys.txt");
		assertThat(manifests.all("Secret")).isEmpty();
		assertThat(configData(manifests)).containsEntry("LANTERN_SECURITY_GENERATE_KEY", "false");
	}

	@Test
	void readAndInferenceProtectionFollowTheValues() {
		assertThat(configData(render(Map.of()))).containsEntry("LANTERN_SECURITY_PROTECT_READS", "false")
			.containsEntry("LANTERN_SECURITY_PROTECT_INFERENCE", "false");
		assertThat(configData(render(values("security.protectReads", true, "security.protectInference", true))))
			.containsEntry("LANTERN_SECURITY_PROTECT_READS", "true")
			.containsEntry("LANTERN_SECURITY_PROTECT_INFERENCE", "true");
	}

	@Test
	void instanceIdIsThePodName() {
		Map<String, Object> container = container(render(Map.of()).one("Deployment"));
		Map<String, Object> instanceId = list(container.get("env")).stream()
			.filter((entry) -> "LANTERN_INSTANCE_ID".equals(entry.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(instanceId, "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
	}

	@Test
	void existingClaimIsMountedInsteadOfANewClaim() {
		Manifests manifests = render(values("persistence.existingClaim", "lantern-models"));
		assertThat(manifests.all("PersistentVolumeClaim")).isEmpty();
		assertThat(volume(manifests.one("Deployment"), "data")).containsEntry("persistentVolumeClaim",
				Map.of("claimName", "lantern-models"));
	}

	@Test
	void pretrainedWeightsClaimIsMountedReadOnlyAsThePretrainedDirectory() {
		Manifests manifests = render(values("pretrainedWeights.existingClaim", "imagenet-weights",
				"pretrainedWeights.subPath", "torchvision"));
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(volume(deployment, "pretrained-weights")).containsEntry("persistentVolumeClaim",
				Map.of("claimName", "imagenet-weights", "readOnly", true));
		assertThat(mount(container(deployment), "pretrained-weights")).containsEntry("mountPath", "/pretrained")
			.containsEntry("readOnly", true)
			.containsEntry("subPath", "torchvision");
		assertThat(configData(manifests)).containsEntry("LANTERN_VISION_NETS_PRETRAINEDDIR", "/pretrained");

		Manifests defaults = render(values());
		assertThat(configData(defaults)).doesNotContainKey("LANTERN_VISION_NETS_PRETRAINEDDIR");
		assertThat(list(container(defaults.one("Deployment")).get("volumeMounts")))
			.noneMatch((mount) -> "pretrained-weights".equals(mount.get("name")));
	}

	@Test
	void disabledPersistenceUsesAnEmptyDir() {
		Manifests manifests = render(values("persistence.enabled", false));
		assertThat(manifests.all("PersistentVolumeClaim")).isEmpty();
		assertThat(volume(manifests.one("Deployment"), "data")).containsKey("emptyDir");
	}

	@Test
	void storageClassDashMeansNoDynamicProvisioning() {
		assertThat(at(render(values("persistence.storageClass", "-")).one("PersistentVolumeClaim"), "spec",
				"storageClassName"))
			.isEqualTo("");
		assertThat(at(render(values("persistence.storageClass", "fast")).one("PersistentVolumeClaim"), "spec",
				"storageClassName"))
			.isEqualTo("fast");
	}

	@Test
	void twoReplicasWithoutExternalDatabaseFail() {
		assertThatException().isThrownBy(() -> render(values("replicaCount", 2)))
			.withMessageContaining("external PostgreSQL")
			.withMessageContaining("postgresql.external.host");
	}

	@Test
	void autoscalingBeyondOneReplicaHasTheSameNeeds() {
		assertThatException()
			.isThrownBy(() -> render(values("autoscaling.enabled", true, "autoscaling.maxReplicas", 3)))
			.withMessageContaining("postgresql.external.host");
	}

	@Test
	void twoReplicasNeedAReadWriteManyVolume() {
		assertThatException().isThrownBy(() -> render(multiReplica("replicaCount", 2)))
			.withMessageContaining("ReadWriteMany");
		Manifests manifests = render(multiReplica("replicaCount", 2, "persistence.accessModes[0]", "ReadWriteMany"));
		assertThat(at(manifests.one("Deployment"), "spec", "replicas")).isEqualTo(2);
		assertThat(at(manifests.one("Deployment"), "spec", "strategy", "type")).isEqualTo("RollingUpdate");
		assertThat(at(manifests.one("PersistentVolumeClaim"), "spec", "accessModes"))
			.isEqualTo(List.of("ReadWriteMany"));
	}

	@Test
	void autoscalerReplacesTheReplicaCount() {
		Manifests manifests = render(multiReplica("autoscaling.enabled", true, "persistence.existingClaim", "shared"));
		assertThat(map(manifests.one("Deployment").get("spec"))).doesNotContainKey("replicas");
		Map<String, Object> autoscaler = manifests.one("HorizontalPodAutoscaler");
		assertThat(at(autoscaler, "spec", "scaleTargetRef", "name"))
			.isEqualTo(at(manifests.one("Deployment"), "metadata", "name"));
	}

	@Test
	void serviceMonitorScrapesThePrometheusEndpoint() {
		Manifests manifests = render(values("metrics.serviceMonitor.enabled", true));
		List<Map<String, Object>> endpoints = list(at(manifests.one("ServiceMonitor"), "spec", "endpoints"));
		assertThat(endpoints).singleElement().satisfies((endpoint) -> {
			assertThat(endpoint.get("path")).isEqualTo(settings.prometheusPath());
			assertThat(endpoint.get("port")).isEqualTo("http");
		});
		assertThat(at(manifests.one("ServiceMonitor"), "spec", "selector", "matchLabels"))
			.isEqualTo(at(manifests.one("Service"), "spec", "selector"));
	}

	@Test
	void ingressPublishesTheApiButNotTheActuator() {
		Manifests manifests = render(values("ingress.enabled", true));
		List<Map<String, Object>> rules = list(at(manifests.one("Ingress"), "spec", "rules"));
		assertThat(rules).singleElement().satisfies((rule) -> {
			assertThat(rule.get("host")).isEqualTo("lantern.local");
			List<Map<String, Object>> paths = list(at(rule, "http", "paths"));
			assertThat(paths).extracting((path) -> path.get("path")).containsExactly("/api", "/v2");
			assertThat(paths).allSatisfy((path) -> assertThat(at(path, "backend", "service", "port", "number"))
				.isEqualTo(at(list(at(manifests.one("Service"), "spec", "ports")).get(0), "port")));
		});
		assertThat(render(Map.of()).all("Ingress")).isEmpty();
	}

	@Test
	void podRunsAsNonRootWithoutPrivileges() {
		Map<String, Object> deployment = render(Map.of()).one("Deployment");
		assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(at(deployment, "spec", "template", "spec", "automountServiceAccountToken")).isEqualTo(false);
		Map<String, Object> container = container(deployment);
		assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(at(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
	}

	@Test
	void terminationGraceCoversPreStopAndTwoShutdownPhases() {
		Map<String, Object> deployment = render(Map.of()).one("Deployment");
		Map<String, Object> podSpec = map(at(deployment, "spec", "template", "spec"));
		List<?> preStop = (List<?>) at(container(deployment), "lifecycle", "preStop", "exec", "command");
		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		int preStopSeconds = Integer.parseInt(String.valueOf(preStop.get(1)));
		long needed = preStopSeconds + 2 * settings.shutdownPhaseTimeout().toSeconds();
		assertThat(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue()).isGreaterThan(needed);
	}

	@Test
	void schemaRejectsMistypedValues() {
		assertThatException().isThrownBy(() -> render(values("gpu.enable", true))).withMessageContaining("enable");
		assertThatException().isThrownBy(() -> render(values("backend.onUnavailable", "ignore")))
			.withMessageContaining("onUnavailable");
	}

	@Test
	void chartDeploysTheProjectsVersion() throws Exception {
		NodeList children = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getDocumentElement()
			.getChildNodes();
		String projectVersion = null;
		for (int i = 0; i < children.getLength(); i++) {
			if ("version".equals(children.item(i).getNodeName())) {
				projectVersion = children.item(i).getTextContent().strip();
			}
		}
		assertThat(projectVersion).isNotNull();
		assertThat(chartAppVersion()).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
	}

	@Test
	void valuesFilesInTheDeploymentGuideRender(@TempDir Path directory) throws IOException {
		String guide = Files.readString(Path.of("docs", "deploy.md"));
		Matcher block = Pattern.compile("```yaml\n# (values-[a-z-]+\\.yaml)\n(.*?)```", Pattern.DOTALL).matcher(guide);
		int rendered = 0;
		while (block.find()) {
			Path file = Files.writeString(directory.resolve(block.group(1)), block.group(2));
			String manifests = new Helm(CHART).template().withName("lantern").withValuesFile(file).call();
			assertThat(manifests).as(block.group(1)).contains("kind: Deployment");
			rendered++;
		}
		assertThat(rendered).isGreaterThanOrEqualTo(2);
	}

	@Test
	void notesTellWhereTheApiKeyIs() {
		assertThat(notes(Map.of()))
			.contains("kubectl exec --namespace models deployment/demo-lantern -- cat /data/api-key");
		assertThat(notes(values("security.existingSecret", "lantern-keys", "security.existingSecretKey", "keys.txt")))
			.contains("kubectl get secret --namespace models lantern-keys -o jsonpath=\"{.data.keys\\.txt}\"");
		assertThat(notes(values("persistence.enabled", false))).contains("WARNING: persistence.enabled is false");
	}

	private static String notes(Map<String, Object> values) {
		InstallCommand install = new Helm(CHART).install()
			.withName("demo")
			.withNamespace("models")
			.dryRun()
			.withDryRunOption(DryRun.CLIENT)
			.clientOnly();
		values.forEach(install::set);
		return install.call().getOutput();
	}

	private static Map<String, Object> multiReplica(Object... more) {
		Map<String, Object> values = values("postgresql.external.host", "db", "postgresql.external.password", "pw",
				"security.apiKeys[0]", "key");
		values.putAll(values(more));
		return values;
	}

	private static Map<String, Object> values(Object... keysAndValues) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			values.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return values;
	}

	private static Manifests render(Map<String, Object> values) {
		TemplateCommand template = new Helm(CHART).template().withName("demo").withNamespace("models");
		values.forEach(template::set);
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(template.call())) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return new Manifests(documents);
	}

	private record Manifests(List<Map<String, Object>> documents) {

		List<Map<String, Object>> all(String kind) {
			return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = all(kind);
			assertThat(found).as("rendered %s", kind).hasSize(1);
			return found.get(0);
		}

	}

	private static Object at(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return (Map<String, Object>) Objects.requireNonNull(node);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object node) {
		return (List<Map<String, Object>>) Objects.requireNonNull(node);
	}

	private static Map<String, Object> container(Map<String, Object> deployment) {
		List<Map<String, Object>> containers = list(at(deployment, "spec", "template", "spec", "containers"));
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Map<String, Object> limits(Map<String, Object> container) {
		Object limits = at(container, "resources", "limits");
		return (limits != null) ? map(limits) : Map.of();
	}

	private static Map<String, Object> env(Map<String, Object> container) {
		Map<String, Object> env = new LinkedHashMap<>();
		list(container.get("env")).forEach((entry) -> env.put((String) entry.get("name"), entry));
		return env;
	}

	private static Map<String, Object> secretRef(Map<String, Object> container, String name) {
		return map(at(env(container).get(name), "valueFrom", "secretKeyRef"));
	}

	private static Map<String, Object> configData(Manifests manifests) {
		return map(manifests.one("ConfigMap").get("data"));
	}

	private static String decoded(Map<String, Object> secret, String key) {
		String encoded = (String) at(secret, "data", key);
		assertThat(encoded).as("secret key %s", key).isNotNull();
		return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
	}

	private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
		return list(at(deployment, "spec", "template", "spec", "volumes")).stream()
			.filter((volume) -> name.equals(volume.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + name));
	}

	private static Map<String, Object> mount(Map<String, Object> container, String name) {
		return list(container.get("volumeMounts")).stream()
			.filter((mount) -> name.equals(mount.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume mount " + name));
	}

	private static String probePath(Map<String, Object> container, String probe) {
		return (String) at(container, probe, "httpGet", "path");
	}

	/** The container port a probe or service refers to, by number or by name. */
	private static int containerPort(Map<String, Object> container, Object port) {
		if (port instanceof Number number) {
			return number.intValue();
		}
		return list(container.get("ports")).stream()
			.filter((candidate) -> port.equals(candidate.get("name")))
			.map((candidate) -> ((Number) candidate.get("containerPort")).intValue())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + port));
	}

	private static String chartAppVersion() {
		try (Reader reader = Files.newBufferedReader(CHART.resolve("Chart.yaml"))) {
			Map<String, Object> chart = new Yaml().load(reader);
			return String.valueOf(chart.get("appVersion"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
