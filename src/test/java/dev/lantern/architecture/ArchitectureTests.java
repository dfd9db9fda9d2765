package dev.lantern.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The import rules the README's "How it works" states, checked on the production classes
 * so the structure stays as drawn.
 */
@AnalyzeClasses(packages = "dev.lantern", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String[] FEATURES = { "dev.lantern.tabular..", "dev.lantern.vision..",
			"dev.lantern.datasets.." };

	private static final String[] WEB_TYPES = { "org.springframework.web..", "org.springframework.http..",
			"jakarta.servlet.." };

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.lantern.(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule tabularAndVisionDoNotImportEachOther = slices().matching("dev.lantern.(tabular|vision)..")
		.should()
		.notDependOnEachOther();

	@ArchTest
	static final ArchRule datasetsKnowNoModelFeature = noClasses().that()
		.resideInAPackage("dev.lantern.datasets..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.lantern.tabular..", "dev.lantern.vision..");

	@ArchTest
	static final ArchRule rossmannIsALeaf = noClasses().that()
		.resideOutsideOfPackage("dev.lantern.tabular.rossmann..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.lantern.tabular.rossmann..");

	@ArchTest
	static final ArchRule modelsKnowNoFeature = noClasses().that()
		.resideInAPackage("dev.lantern.models..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(with(FEATURES, "dev.lantern.jobs..", "dev.lantern.training.."));

	@ArchTest
	static final ArchRule systemAndTrainingImportNoFeature = noClasses().that()
		.resideInAnyPackage("dev.lantern.system..", "dev.lantern.training..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(with(FEATURES, "dev.lantern.jobs..", "dev.lantern.models.."));

	@ArchTest
	static final ArchRule jobsImportNoFeature = noClasses().that()
		.resideInAPackage("dev.lantern.jobs..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(with(FEATURES, "dev.lantern.models.."));

	@ArchTest
	static final ArchRule webTypesStayInControllersAndAdvice = noClasses().that(notWebLayer())
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(WEB_TYPES)
		.because("only controllers, advice and system.web/system.security speak HTTP; "
				+ "domain code throws dev.lantern.system.errors exceptions");

	@ArchTest
	static final ArchRule domainCodeThrowsNoHttpErrors = noClasses().that(notWebLayer())
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.web.ErrorResponseException");

	/**
	 * Whether the rules above hold at all: the importer found the application's classes.
	 */
	@ArchTest
	static void theApplicationIsAnalyzed(JavaClasses classes) {
		if (!classes.containPackage("dev.lantern.models") || !classes.containPackage("dev.lantern.tabular")
				|| !classes.containPackage("dev.lantern.vision")) {
			throw new AssertionError("The architecture rules did not see the application's packages");
		}
	}

	/** Controllers, advice and the web layer's own packages. */
	private static DescribedPredicate<JavaClass> notWebLayer() {
		DescribedPredicate<JavaClass> web = resideInAnyPackage("dev.lantern.system.web..",
				"dev.lantern.system.security..", "dev.lantern.console..")
			.or(JavaClass.Predicates.simpleNameEndingWith("Controller"))
			.or(new DescribedPredicate<>("annotated as controller or advice, or nested in one") {
				@Override
				public boolean test(JavaClass type) {
					JavaClass outer = type;
					while (outer.getEnclosingClass().isPresent()) {
						outer = outer.getEnclosingClass().get();
					}
					return outer.isAnnotatedWith(RestController.class)
							|| outer.isAnnotatedWith(RestControllerAdvice.class)
							|| outer.isAnnotatedWith(ControllerAdvice.class)
							|| outer.getSimpleName().endsWith("Controller");
				}
			});
		return DescribedPredicate.not(web).as("are not controllers, advice or the web layer");
	}

	private static String[] with(String[] packages, String... more) {
		String[] all = new String[packages.length + more.length];
		System.arraycopy(packages, 0, all, 0, packages.length);
		System.arraycopy(more, 0, all, packages.length, more.length);
		return all;
	}

}
