namespace PSMigrate.Tests.Support;

/// <summary>A self-signed certificate and its key for a test server, made by openssl in the server's own folder.</summary>
public sealed record TlsCertificate(string CertificateFile, string KeyFile)
{
    public static TlsCertificate Create(string folder)
    {
        var certificate = new TlsCertificate(Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));
        ProcessRunner.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-keyout", certificate.KeyFile, "-out", certificate.CertificateFile]);
        // PostgreSQL refuses a key that others may read.
        File.SetUnixFileMode(certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return certificate;
    }
}
