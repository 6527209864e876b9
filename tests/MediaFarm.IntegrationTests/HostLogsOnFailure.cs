// A failing test is reported with what its host processes logged while it ran.
[assembly: TestFramework(MediaFarm.Testing.HostLogTestFramework.TypeName, MediaFarm.Testing.HostLogTestFramework.AssemblyName)]
