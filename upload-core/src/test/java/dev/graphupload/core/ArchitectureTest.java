package dev.graphupload.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final JavaClasses core =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.graphupload.core");

  @Test
  void theDomainAndPortsDependOnTheJdkOnly() {
    classes()
        .that()
        .resideInAnyPackage(
            "dev.graphupload.core", "dev.graphupload.core.transport", "dev.graphupload.core.store")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.net.ssl..", "dev.graphupload.core..")
        .check(core);
  }

  @Test
  void theCoreUsesNoFrameworkAndNoHttpClient() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.google.inject..",
            "io.netty..",
            "io.lettuce..",
            "java.net.http..",
            "jakarta.inject..")
        .check(core);
  }

  @Test
  void onlyTheInternalAndCodecPackagesUseJacksonAndSlf4j() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.graphupload.core.internal..", "dev.graphupload.core.codec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml..", "org.slf4j..")
        .check(core);
  }

  @Test
  void thePortsDoNotReachIntoTheImplementation() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.graphupload.core.transport..", "dev.graphupload.core.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.graphupload.core.internal..")
        .check(core);
  }
}
