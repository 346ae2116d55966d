package io.pulsegate.deployment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import io.pulsegate.deployment.RepositoryRoot;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What the deployment files need from a {@code pom.xml}: coordinates, properties and the
 * name of the jar the build writes.
 *
 * @param file the pom
 * @param document its parsed content
 */
public record MavenPom(Path file, Document document) {

	public static MavenPom root() {
		return read(RepositoryRoot.resolve("pom.xml"));
	}

	public static MavenPom read(Path file) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return new MavenPom(file, factory.newDocumentBuilder().parse(file.toFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParserConfigurationException | SAXException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	public String artifactId() {
		return required("/project/artifactId");
	}

	/**
	 * The project's version, its own or its parent's.
	 * @return the version
	 */
	public String version() {
		return text("/project/version").orElseGet(() -> required("/project/parent/version"));
	}

	public Optional<String> property(String name) {
		return text("/project/properties/" + name);
	}

	/**
	 * The base name of the jars the build writes: {@code build/finalName}, else
	 * {@code artifactId-version}.
	 * @return the name without classifier and extension
	 */
	public String finalName() {
		return text("/project/build/finalName")
			.map((name) -> name.replace("${project.artifactId}", artifactId()).replace("${project.version}", version()))
			.orElseGet(() -> artifactId() + "-" + version());
	}

	/**
	 * The classifier that Spring Boot's {@code repackage} goal gives the executable jar,
	 * in {@code build/plugins} or {@code build/pluginManagement}.
	 * @return the classifier, or empty when the executable jar replaces the plain one
	 */
	public Optional<String> repackageClassifier() {
		String plugin = "plugin[artifactId='spring-boot-maven-plugin']/executions/execution[goals/goal='repackage']"
				+ "/configuration/classifier";
		return text("/project/build/plugins/" + plugin)
			.or(() -> text("/project/build/pluginManagement/plugins/" + plugin));
	}

	private String required(String path) {
		return text(path).orElseThrow(() -> new IllegalStateException("No " + path + " in " + this.file));
	}

	private Optional<String> text(String path) {
		try {
			Node node = (Node) XPathFactory.newInstance().newXPath().evaluate(path, this.document, XPathConstants.NODE);
			return Optional.ofNullable(node).map(Node::getTextContent).map(String::strip);
		}
		catch (XPathExpressionException ex) {
			throw new IllegalArgumentException("Bad path " + path, ex);
		}
	}

}
