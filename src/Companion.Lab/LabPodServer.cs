namespace Companion.Lab;

/// <summary>
/// The tiny server every non-DNS lab pod runs (python3, started with `ip netns exec`): it listens on each container
/// port, reads an HTTP request (or nothing), and answers "HTTP/1.0 200" with the body "&lt;pod&gt; &lt;ip&gt;:&lt;port&gt;",
/// so a client sees which endpoint it reached.
/// </summary>
public static class LabPodServer
{
    public const string Script = """
import socket, sys, threading
name, ip, ports = sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]
def handle(c, port):
    try:
        c.settimeout(2.0)
        data = b''
        while b'\r\n\r\n' not in data and b'\n\n' not in data and len(data) < 8192:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
    except Exception:
        pass
    body = ('%s %s:%d\n' % (name, ip, port)).encode()
    try:
        c.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ' + str(len(body)).encode() + b'\r\n\r\n' + body)
    except Exception:
        pass
    try:
        c.close()
    except Exception:
        pass
def serve(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('0.0.0.0', port))
    s.listen(256)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c, port), daemon=True).start()
for p in ports[1:]:
    threading.Thread(target=serve, args=(p,), daemon=True).start()
serve(ports[0])
""";

    /// <summary>Parses the server's answer body: (pod name, "ip:port"), or null.</summary>
    public static (string Pod, string Endpoint)? ParseAnswer(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Split("\r\n\r\n", 2);
        var line = (body.Length == 2 ? body[1] : response).Trim().Split(' ');
        return line.Length == 2 && line[1].Contains(':', StringComparison.Ordinal) ? (line[0], line[1]) : null;
    }
}
