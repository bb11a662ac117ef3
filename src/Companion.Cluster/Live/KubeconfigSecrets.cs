using Companion.Core.Security;
using k8s;
using k8s.KubeConfigModels;

namespace Companion.Cluster.Live;

/// <summary>Registers every credential in a kubeconfig with the <see cref="Redactor"/>, before anything can echo it.</summary>
internal static class KubeconfigSecrets
{
    public static void Register(K8SConfiguration config)
    {
        foreach (var user in config.Users ?? [])
        {
            var c = user.UserCredentials;
            if (c is null)
            {
                continue;
            }

            Redactor.RegisterSecret(c.Token);
            Redactor.RegisterSecret(c.Password);
            Redactor.RegisterSecret(c.ClientKeyData);
            Redactor.RegisterSecret(c.ClientCertificateData);
            foreach (var value in c.AuthProvider?.Config?.Values.ToList() ?? [])
            {
                Redactor.RegisterSecret(value);
            }

            foreach (var env in c.ExternalExecution?.EnvironmentVariables ?? [])
            {
                foreach (var value in env.Values)
                {
                    Redactor.RegisterSecret(value);
                }
            }
        }
    }

    public static void Register(KubernetesClientConfiguration config)
    {
        Redactor.RegisterSecret(config.AccessToken);
        Redactor.RegisterSecret(config.Password);
        Redactor.RegisterSecret(config.ClientCertificateKeyData);
        Redactor.RegisterSecret(config.ClientCertificateData);
    }
}
