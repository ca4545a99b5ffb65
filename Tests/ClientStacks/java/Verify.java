import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Judges TLS server certificate chains the way a Java MQTT client (HiveMQ, Paho Java, anything on JSSE) does:
 * the JDK's own PKIX TrustManagerFactory, whose X509ExtendedTrustManager builds and validates the path with the
 * PKIX CertPathBuilder and CertPathValidator and then checks the server's identity for the "HTTPS" endpoint
 * identification algorithm.
 *
 * <p>Usage: {@code java -cp DIR Verify MANIFEST}. Each line of MANIFEST is one case, four fields separated by
 * tabs: {@code chain.pem anchors.pem identity unix-seconds} (the presented chain, leaf first, in the order sent;
 * the certificates the client trusts; the DNS name or IP address it dials; the instant to judge at). For every
 * case it prints one line: {@code OK}, or {@code FAIL} and the exception's class and message ({@code toString()},
 * newlines folded to spaces). The exit status is 0 when every case was judged.
 *
 * <p>How: the anchors become the TrustAnchors of a {@code PKIXBuilderParameters} with {@code setDate(instant)}
 * and revocation off, handed to {@code TrustManagerFactory.getInstance("PKIX")} through the documented
 * {@code CertPathTrustManagerParameters}. The chain goes to {@code checkServerTrusted(chain, "UNKNOWN", engine)},
 * the call JSSE makes during a handshake: "UNKNOWN" is the authType of a TLS 1.3 handshake (what mosquitto
 * negotiates), and {@code engine} is a client-mode SSLEngine whose {@code SSLParameters} set the endpoint
 * identification algorithm "HTTPS" (the RFC 2818 name check: DNS SANs, or IP SANs for an IP identity, with a
 * fallback to the most specific CN only when the leaf has no SAN of that kind) and whose handshake session gives
 * the identity as the peer host without SNI, as an IP-address dial has. The trust manager demands a handshake
 * session, which exists only mid-handshake; this engine supplies one holding just the peer host and port, and
 * is otherwise inert.
 */
public final class Verify {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java Verify MANIFEST");
            System.exit(2);
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        StringBuilder out = new StringBuilder();
        try (BufferedReader manifest = new BufferedReader(new FileReader(args[0]))) {
            for (String line; (line = manifest.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] fields = line.split("\t", -1);
                if (fields.length != 4) throw new IllegalArgumentException("bad manifest line: " + line);
                Date instant = new Date(Long.parseLong(fields[3]) * 1000);
                try {
                    verify(factory, fields[0], fields[1], fields[2], instant);
                    out.append("OK\n");
                } catch (Exception failure) {
                    out.append("FAIL ").append(failure.toString().replaceAll("\\s+", " ").trim()).append('\n');
                }
            }
        }
        System.out.print(out);
        System.out.flush();
    }

    static X509Certificate[] read(CertificateFactory factory, String path) throws Exception {
        try (InputStream in = new FileInputStream(path)) {
            return factory.generateCertificates(in).toArray(new X509Certificate[0]);
        }
    }

    /** Returns when a Java TLS client dialling {@code identity} at {@code instant} accepts the chain. */
    static void verify(CertificateFactory factory, String chainFile, String anchorsFile, String identity,
            Date instant) throws Exception {
        X509Certificate[] chain = read(factory, chainFile);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate anchor : read(factory, anchorsFile)) anchors.add(new TrustAnchor(anchor, null));
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, null);
        parameters.setDate(instant);
        parameters.setRevocationEnabled(false);
        TrustManagerFactory managers = TrustManagerFactory.getInstance("PKIX");
        managers.init(new CertPathTrustManagerParameters(parameters));
        for (TrustManager manager : managers.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager) {
                ((X509ExtendedTrustManager) manager).checkServerTrusted(chain, "UNKNOWN", new Dialling(identity));
                return;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager");
    }

    /** A client-mode engine mid-handshake, dialling {@code host}: only what the trust manager asks of it. */
    static final class Dialling extends SSLEngine {
        private final SSLSession session;

        Dialling(String host) {
            super(host, 8883);
            session = (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(),
                    new Class<?>[] {SSLSession.class}, (proxy, method, arguments) -> {
                        switch (method.getName()) {
                            case "getPeerHost": return host;
                            case "getPeerPort": return 8883;
                            case "getProtocol": return "TLSv1.3";
                            case "hashCode": return System.identityHashCode(proxy);
                            case "equals": return proxy == arguments[0];
                            case "toString": return "handshake session with " + host;
                            default: throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        @Override public SSLSession getHandshakeSession() { return session; }
        @Override public SSLParameters getSSLParameters() {
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            return parameters;
        }
        @Override public boolean getUseClientMode() { return true; }

        // Nothing below is used: the engine never handshakes.
        private static UnsupportedOperationException unused() { return new UnsupportedOperationException(); }
        @Override public SSLEngineResult wrap(ByteBuffer[] s, int o, int l, ByteBuffer d) { throw unused(); }
        @Override public SSLEngineResult unwrap(ByteBuffer s, ByteBuffer[] d, int o, int l) { throw unused(); }
        @Override public Runnable getDelegatedTask() { return null; }
        @Override public void closeInbound() {}
        @Override public boolean isInboundDone() { return false; }
        @Override public void closeOutbound() {}
        @Override public boolean isOutboundDone() { return false; }
        @Override public String[] getSupportedCipherSuites() { return new String[0]; }
        @Override public String[] getEnabledCipherSuites() { return new String[0]; }
        @Override public void setEnabledCipherSuites(String[] suites) { throw unused(); }
        @Override public String[] getSupportedProtocols() { return new String[] {"TLSv1.3"}; }
        @Override public String[] getEnabledProtocols() { return new String[] {"TLSv1.3"}; }
        @Override public void setEnabledProtocols(String[] protocols) { throw unused(); }
        @Override public SSLSession getSession() { return session; }
        @Override public void beginHandshake() { throw unused(); }
        @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
        }
        @Override public void setUseClientMode(boolean mode) { throw unused(); }
        @Override public void setNeedClientAuth(boolean need) { throw unused(); }
        @Override public boolean getNeedClientAuth() { return false; }
        @Override public void setWantClientAuth(boolean want) { throw unused(); }
        @Override public boolean getWantClientAuth() { return false; }
        @Override public void setEnableSessionCreation(boolean flag) { throw unused(); }
        @Override public boolean getEnableSessionCreation() { return true; }
    }
}
