package io.tcpdoctor.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A TLS server context from a PEM certificate chain and a PEM PKCS#8 private key (RSA, EC or Ed25519). */
public final class Tls {
    private Tls() {
    }

    /** Builds the context; problems are {@link IllegalArgumentException}s that name the file. */
    public static SSLContext context(Path certFile, Path keyFile) throws IOException {
        Collection<? extends Certificate> chain;
        try (var in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(certFile + ": not a PEM certificate (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certFile + ": no certificate");
        }
        PrivateKey key = key(keyFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("serve", key, pw, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keyFile + ": key does not fit " + certFile + " (" + e.getMessage() + ")");
        }
    }

    static PrivateKey key(Path keyFile) throws IOException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException(keyFile + ": needs an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); convert with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
        }
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(keyFile + ": no 'BEGIN PRIVATE KEY' block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + 27, e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(keyFile + ": damaged base64 in the key");
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // Try the next algorithm: PKCS#8 names it inside, but KeyFactory needs it up front.
            }
        }
        throw new IllegalArgumentException(keyFile + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

}
