"""The poms pick libtorch's native jar per platform, and stop with one message where there is none.

Resolution only, nothing is compiled. Three ways in:
- `-Dmakemore.native.classifier=X` (the override) with `dependency:build-classpath`: Maven resolves the jar
  itself (fetching it from Maven Central into ~/.m2 the first time: 42-112 MB each), and the test opens it.
- a simulated os.name/os.arch: Maven reads them once at start-up from the JVM's system properties, so the
  test starts Maven's own launcher with them (`mvn -Dos.arch=...` is too late). `dependency:tree` resolves
  the POM graph only, offline, without downloading any jar.
- an unsupported platform: `validate` runs the enforcer rule, which must fail with the one message.
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUPPORTED = ["linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64"]
NATIVE = re.compile(r"ai\.djl\.pytorch:pytorch-native-cpu:jar:([^:\s]+):2\.7\.1")

pytestmark = pytest.mark.skipif(shutil.which("mvn") is None, reason="Maven (mvn) is not installed")


def _env():
    env = dict(os.environ)
    env.pop("JDK_JAVA_OPTIONS", None)
    java = os.environ.get("MAKEMORE_JAVA")
    if java:
        env["JAVA_HOME"] = str(Path(java).resolve().parent.parent)
    return env


def mvn(*args, timeout=600):
    """The real `mvn`, as a user runs it."""
    return subprocess.run(["mvn", "-B", *args], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=timeout)


@functools.lru_cache(maxsize=None)
def _launcher(tmp_dir):
    """Maven's classworlds launcher and a launcher config without jansi.

    jansi calls the Windows console API as soon as os.name says Windows; without it Maven prints plainly.
    """
    out = subprocess.run(["mvn", "--version"], env=_env(), capture_output=True, text=True, check=True).stdout
    home = Path(re.search(r"^Maven home: (.+)$", out, re.M).group(1).strip())
    java = re.search(r"^Java version: .*runtime: (.+)$", out, re.M).group(1).strip()
    boot = sorted((home / "boot").glob("plexus-classworlds-*.jar"))[0]
    conf = Path(tmp_dir) / "m2-without-jansi.conf"
    lines = ["main is org.apache.maven.cli.MavenCli from plexus.core",
             "set maven.conf default ${maven.home}/conf", "[plexus.core]", "load ${maven.conf}/logging",
             "optionally ${maven.home}/lib/ext/*.jar"]
    lines += [f"load {jar}" for jar in sorted((home / "lib").glob("*.jar")) if not jar.name.startswith("jansi")]
    conf.write_text("\n".join(lines) + "\n")
    return str(Path(java) / "bin" / "java"), str(boot), str(conf), str(home)


def mvn_on(os_name, os_arch, *args, tmp_dir):
    """Maven as it would start on a machine whose JVM reports os_name/os_arch."""
    java, boot, conf, home = _launcher(tmp_dir)
    cmd = [java, f"-Dos.name={os_name}", f"-Dos.arch={os_arch}", "-classpath", boot,
           f"-Dclassworlds.conf={conf}", f"-Dmaven.home={home}", f"-Dmaven.multiModuleProjectDirectory={ROOT}",
           "org.codehaus.plexus.classworlds.launcher.Launcher", "-B", *args]
    return subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def tmp_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("maven"))


def natives(output):
    return NATIVE.findall(output)


@pytest.mark.parametrize("classifier", SUPPORTED)
def test_the_override_resolves_that_platforms_jar(classifier, tmp_path):
    listing = tmp_path / "cp.txt"
    r = mvn("-pl", "lib", "dependency:build-classpath", f"-Dmakemore.native.classifier={classifier}",
            "-DincludeArtifactIds=pytorch-native-cpu", f"-Dmdep.outputFile={listing}")
    assert r.returncode == 0, r.stdout[-3000:]
    jars = listing.read_text().strip().split(os.pathsep)
    assert len(jars) == 1 and jars[0].endswith(f"pytorch-native-cpu-2.7.1-{classifier}.jar"), jars
    with zipfile.ZipFile(jars[0]) as z:
        props = z.read("native/lib/pytorch.properties").decode()
        libs = [n for n in z.namelist() if n.startswith(f"pytorch/cpu/{classifier}/") and "torch_cpu" in n]
    assert f"classifier={classifier}" in props.splitlines(), props
    assert libs, f"no torch_cpu library for {classifier} in {jars[0]}"


@pytest.mark.parametrize("os_name,os_arch,classifier", [
    ("Linux", "amd64", "linux-x86_64"),
    ("Linux", "aarch64", "linux-aarch64"),
    ("Mac OS X", "aarch64", "osx-aarch64"),
    ("Windows 11", "amd64", "win-x86_64"),
])
def test_the_platform_profile_picks_the_jar(os_name, os_arch, classifier, tmp_dir):
    r = mvn_on(os_name, os_arch, "-o", "-pl", "lib,kernel", "dependency:tree", tmp_dir=tmp_dir)
    assert r.returncode == 0, r.stdout[-3000:]
    assert natives(r.stdout) == [classifier, classifier], r.stdout[-3000:]  # kernel (tests) and lib


def test_the_command_line_beats_the_platform_profile(tmp_dir):
    r = mvn_on("Mac OS X", "aarch64", "-o", "-pl", "lib", "dependency:tree",
               "-Dmakemore.native.classifier=linux-aarch64", tmp_dir=tmp_dir)
    assert r.returncode == 0, r.stdout[-3000:]
    assert natives(r.stdout) == ["linux-aarch64"]


@pytest.mark.parametrize("os_name,os_arch", [
    ("Mac OS X", "x86_64"),     # Intel Mac: DJL has no osx-x86_64 build of libtorch 2.7.1
    ("Linux", "i386"),          # 32-bit
    ("Windows 11", "aarch64"),  # Windows on ARM
])
def test_an_unsupported_platform_stops_the_build_with_one_message(os_name, os_arch, tmp_dir):
    r = mvn_on(os_name, os_arch, "-o", "-q", "validate", tmp_dir=tmp_dir)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out[-3000:]
    assert out.count("makemore-java needs DJL's libtorch 2.7.1") == 1, out
    assert f'os.name="{os_name}" os.arch="{os_arch}"' in out, out
    for c in SUPPORTED:
        assert c in out
    assert "Exception in thread" not in out and "\tat " not in out, out  # no stack trace


def test_lib_says_what_to_do_when_libtorch_cannot_load(tmp_path):
    """No native jar on the classpath (a build for another platform): one message, not DJL's download error."""
    deps = ROOT / "lib" / "target" / "deps"
    jar = ROOT / "lib" / "target" / "makemore-lib.jar"
    if not jar.is_file():
        pytest.fail("lib is not built: run bin/makemore setup first")
    cp = [str(jar)] + [str(p) for p in sorted(deps.glob("*.jar")) if not p.name.startswith("pytorch-native-cpu")]
    src = tmp_path / "FirstCell.java"
    src.write_text("public class FirstCell { public static void main(String[] a) { dev.makemore.Torch.engine(); } }\n")
    java = os.environ.get("MAKEMORE_JAVA") or shutil.which("java")
    env = dict(_env(), DJL_OFFLINE="true", OPT_OUT_TRACKING="true",
               DJL_CACHE_DIR=str(tmp_path / "djl"), ENGINE_CACHE_DIR=str(tmp_path / "djl"))
    r = subprocess.run([java, "-Dai.djl.offline=true", "-cp", os.pathsep.join(cp), str(src)],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    first = r.stderr.splitlines()[0]
    assert first.startswith("Exception in thread \"main\" java.lang.IllegalStateException: libtorch, PyTorch's native"
                            " library, could not be loaded on this machine"), r.stderr
    assert "linux-x86_64, linux-aarch64, osx-aarch64, win-x86_64" in r.stderr
    assert "bin/makemore setup" in r.stderr


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
