using System.Buffers;
using System.Runtime.InteropServices;

namespace PSMigrate.Files;

/// <summary>
/// Reads a revision file's bytes with as few system calls as the platform allows. A folder
/// can hold ten thousand revisions, and .NET's file API spends seven calls on each file on
/// Unix (open, fstat, flock twice for its FileShare emulation, two reads, close); on a
/// virtualised host each call costs microseconds. On Linux and macOS this opens, reads and
/// closes: three calls. Elsewhere it is File.ReadAllBytes.
/// </summary>
internal static partial class RevisionFileReader
{
    // O_RDONLY | O_NONBLOCK: a FIFO named like a revision must not block the open until a writer comes.
    private static readonly int OpenReadOnlyNonBlocking = OperatingSystem.IsMacOS() ? 0x4 : 0x800;
    private const int SeekEnd = 2;

    /// <summary>The file's bytes. Throws IOException for anything that is not a regular file, and as .NET does for a missing or unreadable one.</summary>
    public static byte[] Read(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return File.ReadAllBytes(path);
        var fd = open(path, OpenReadOnlyNonBlocking);
        if (fd < 0) return File.ReadAllBytes(path); // let .NET raise the proper exception
        try
        {
            // For a regular file a short read means end of file, so one read usually suffices.
            // The buffer is rented: a fresh one per file would churn the heap across thousands of files.
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    var read = ReadInto(fd, buffer.AsSpan(length));
                    if (read < 0) return File.ReadAllBytes(path);
                    // A pipe or socket reads as empty without a writer; only then is it worth a call to
                    // tell it from an empty file (a pipe cannot seek).
                    if (read == 0 && length == 0 && lseek(fd, 0, SeekEnd) < 0)
                        throw new IOException("it is not a regular file (a pipe, socket or device)");
                    length += read;
                    if (length < buffer.Length) return buffer.AsSpan(0, length).ToArray();
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            close(fd);
        }
    }

    private static unsafe int ReadInto(int fd, Span<byte> destination)
    {
        fixed (byte* p = destination) return (int)read(fd, p, (nint)destination.Length);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);
}
