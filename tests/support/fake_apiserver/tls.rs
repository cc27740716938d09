//! A throwaway CA and a server certificate for 127.0.0.1/localhost, made at start-up.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use std::sync::Arc;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A CA (PEM) and the server's TLS configuration signed by it.
pub struct Tls {
    /// The CA certificate, PEM (what `certificate-authority-data` holds, base64-encoded).
    pub ca_pem: String,
    /// rustls server configuration (HTTP/1.1).
    pub server_config: Arc<rustls::ServerConfig>,
}

/// A CA certificate in PEM, unrelated to any server (for "unknown authority" tests).
pub fn stranger_ca_pem() -> String {
    let key = KeyPair::generate().expect("key");
    ca_params("stranger-ca")
        .self_signed(&key)
        .expect("cert")
        .pem()
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).expect("params");
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p
}

/// Makes a CA and a server certificate for `127.0.0.1` and `localhost`.
pub fn make() -> Tls {
    let ca_key = KeyPair::generate().expect("key");
    let ca_params = ca_params("svcx-fake-apiserver-ca");
    let ca_cert = ca_params.self_signed(&ca_key).expect("ca cert");
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().expect("key");
    let mut sp = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("params");
    sp.distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    let server_cert = sp.signed_by(&server_key, &issuer).expect("server cert");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .expect("server config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Tls {
        ca_pem: ca_cert.pem(),
        server_config: Arc::new(config),
    }
}
