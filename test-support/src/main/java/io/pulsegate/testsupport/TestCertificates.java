package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and a server certificate it signed, valid for a day,
 * as PEM files (what Pulsar's {@code tls*FilePath} settings read) and as a PKCS12 trust
 * store (what the JVM's {@code javax.net.ssl.trustStore} reads). The certificate names
 * the loopback address, or another host to play a server that holds a valid certificate
 * for the wrong name.
 *
 * @param authority the CA's certificate, PEM
 * @param certificate the server's certificate, PEM
 * @param privateKey the server's private key, PKCS#8 PEM
 * @param trustStore a PKCS12 trust store holding the CA's certificate
 */
public record TestCertificates(Path authority, Path certificate, Path privateKey, Path trustStore) {

	/** The password of {@link #trustStore()}; it protects nothing secret. */
	public static final String TRUST_STORE_PASSWORD = "changeit";

	private static final String SIGNATURE = "SHA256withRSA";

	/**
	 * Generates a CA and a server certificate for the loopback address into a directory.
	 * The certificate names both {@code 127.0.0.1} and {@code localhost}: the Pulsar
	 * client checks the name it finds by a reverse lookup of an address.
	 * @param directory where to write the files
	 * @return the files
	 */
	public static TestCertificates generate(Path directory) {
		return generate(directory,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
						new GeneralName(GeneralName.dNSName, "localhost") }));
	}

	/**
	 * Generates a CA and a server certificate that names one other host, and not the
	 * loopback address, into a directory.
	 * @param directory where to write the files
	 * @param hostName the only name in the certificate
	 * @return the files
	 */
	public static TestCertificates generateFor(Path directory, String hostName) {
		return generate(directory, new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
	}

	private static TestCertificates generate(Path directory, GeneralNames serverNames) {
		try {
			Files.createDirectories(directory);
			KeyPair authorityKeys = rsaKeyPair();
			X509Certificate authority = authorityCertificate(authorityKeys);
			KeyPair serverKeys = rsaKeyPair();
			X509Certificate server = serverCertificate(serverKeys, serverNames, authority, authorityKeys.getPrivate());
			TestCertificates files = new TestCertificates(directory.resolve("ca.pem"), directory.resolve("server.pem"),
					directory.resolve("server-key.pem"), directory.resolve("truststore.p12"));
			writePem(files.authority(), authority);
			writePem(files.certificate(), server);
			writePem(files.privateKey(), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
			writeTrustStore(files.trustStore(), authority);
			return files;
		}
		catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
			throw new IllegalStateException("Cannot generate test certificates", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KeyPair rsaKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static X509Certificate authorityCertificate(KeyPair keys)
			throws GeneralSecurityException, OperatorCreationException, CertIOException {
		X500Name name = new X500Name("CN=Pulsegate test CA");
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, notBefore(),
				notAfter(), name, keys.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
			.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
			.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
		return sign(builder, keys.getPrivate());
	}

	private static X509Certificate serverCertificate(KeyPair keys, GeneralNames names, X509Certificate authority,
			PrivateKey authorityKey) throws GeneralSecurityException, OperatorCreationException, CertIOException {
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(authority, BigInteger.TWO, notBefore(),
				notAfter(), new X500Name("CN=Pulsegate test server"), keys.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
			.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
			.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
			// Clients that verify host names match the host they connect to with these.
			.addExtension(Extension.subjectAlternativeName, false, names)
			.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keys.getPublic()))
			.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(authority));
		return sign(builder, authorityKey);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
			throws GeneralSecurityException, OperatorCreationException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
	}

	private static Date notBefore() {
		return Date.from(Instant.now().minus(Duration.ofHours(1)));
	}

	private static Date notAfter() {
		return Date.from(Instant.now().plus(Duration.ofDays(1)));
	}

	private static void writePem(Path file, Object object) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
				JcaPEMWriter pem = new JcaPEMWriter(writer)) {
			pem.writeObject(object);
		}
	}

	private static void writeTrustStore(Path file, X509Certificate authority)
			throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("pulsegate-test-ca", authority);
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, TRUST_STORE_PASSWORD.toCharArray());
		}
	}

}
