using MediaFarm.Core.Storage;
using MediaFarm.Infrastructure.Storage;

namespace MediaFarm.Infrastructure.Tests.Storage;

public sealed class FileSystemObjectStoreTests : ObjectStoreContract
{
    private readonly FileSystemObjectStore _store = new(Directory.CreateTempSubdirectory("mediafarm-fs-").FullName);

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task Media_tools_read_the_file_in_place()
    {
        await _store.PutAsync("sources/x/source", new MemoryStream([1, 2, 3]));
        Assert.Equal(_store.PathOf("sources/x/source"), await _store.GetMediaToolInputAsync("sources/x/source"));
    }

    [Fact]
    public async Task Deleting_the_last_object_of_a_folder_removes_the_folder()
    {
        await _store.PutAsync("sources/y/source", new MemoryStream([1]));
        await _store.DeleteAsync("sources/y/source");
        Assert.False(Directory.Exists(Path.GetDirectoryName(_store.PathOf("sources/y/source"))));
    }
}
