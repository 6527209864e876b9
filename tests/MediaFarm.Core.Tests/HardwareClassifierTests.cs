using MediaFarm.Core.Farm;

namespace MediaFarm.Core.Tests;

public class HardwareClassifierTests
{
    [Theory]
    [InlineData(true, null, "gpu")]
    [InlineData(false, null, "cpu")]
    [InlineData(false, "auto", "cpu")]
    [InlineData(false, "gpu", "gpu")]
    [InlineData(true, "cpu", "cpu")]
    [InlineData(true, "GPU", "gpu")]
    public void Nvenc_that_works_makes_a_gpu_node_unless_configured_otherwise(bool nvenc, string? forced, string expected)
    {
        Assert.Equal(expected, HardwareClassifier.Classify(nvenc, forced));
    }

    [Fact]
    public void A_decode_only_gpu_like_the_h100_is_a_cpu_node()
    {
        // NVDEC works there but NVENC reports "No capable devices found": the class follows NVENC alone.
        Assert.Equal("cpu", HardwareClassifier.Classify(nvencWorks: false, forced: null));
    }

    [Fact]
    public void An_unknown_class_is_refused()
    {
        Assert.Throws<ArgumentException>(() => HardwareClassifier.Classify(false, "tpu"));
    }
}
