"""A private OpenLDAP server for the directory sign-in tests: Debian's `slapd` on a free
loopback port, from a temporary folder (never the system service), with a small directory:

    dc=cchc,dc=test
      cn=portal                  the portal's service account (binds to search)
      ou=people                  officials (inetOrgPerson; departmentNumber = unit code)
      ou=groups                  groupOfNames: cchc-canbo, cchc-noivu, cchc-lanhdao, cchc-khac
"""

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import ldap
import ldap.modlist

from tests.processes import stop_with_this_process

SUFFIX = "dc=cchc,dc=test"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-secret"
SERVICE_DN = f"cn=portal,{SUFFIX}"
SERVICE_PASSWORD = "portal-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"

SCHEMAS = ("core", "cosine", "inetorgperson", "nis")

CONFIG = """\
{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
argsfile {dir}/slapd.args

database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {dir}/data

access to attrs=userPassword
    by self write
    by anonymous auth
    by * none
access to *
    by users read
    by * none
"""


def person(uid, given, family, password, unit_code=None, mail=True):
    entry = {
        "objectClass": [b"inetOrgPerson"],
        "uid": [uid.encode()],
        "cn": [f"{family} {given}".encode()],
        "givenName": [given.encode()],
        "sn": [family.encode()],
        "userPassword": [password.encode()],
    }
    if mail:
        entry["mail"] = [f"{uid}@cchc.test".encode()]
    if unit_code:
        entry["departmentNumber"] = [unit_code.encode()]
    return f"uid={uid},{PEOPLE}", entry


# Passwords of the directory's people (the tests sign in with them).
PASSWORDS = {
    "canbo.mot": "Mot-matkhau-123",
    "noivu.tp": "Noivu-matkhau-123",
    "lanhdao.tp": "Lanhdao-matkhau-123",
    "khong.donvi": "Khong-matkhau-123",
    "sai.donvi": "Sai-matkhau-123",
    "khong.nhom": "Nhom-matkhau-123",
    "trung.ten": "Trung-matkhau-123",
}

ENTRIES = [
    (SUFFIX, {"objectClass": [b"dcObject", b"organization"], "dc": [b"cchc"], "o": [b"CCHC"]}),
    (
        SERVICE_DN,
        {
            "objectClass": [b"organizationalRole", b"simpleSecurityObject"],
            "cn": [b"portal"],
            "userPassword": [SERVICE_PASSWORD.encode()],
        },
    ),
    (PEOPLE, {"objectClass": [b"organizationalUnit"], "ou": [b"people"]}),
    (GROUPS, {"objectClass": [b"organizationalUnit"], "ou": [b"groups"]}),
    person("canbo.mot", "Văn Một", "Nguyễn", PASSWORDS["canbo.mot"], "ward-one"),
    person("noivu.tp", "Thị Nội", "Trần", PASSWORDS["noivu.tp"], "city"),
    person("lanhdao.tp", "Văn Đạo", "Lê", PASSWORDS["lanhdao.tp"], "city", mail=False),
    person("khong.donvi", "Văn Không", "Phạm", PASSWORDS["khong.donvi"]),
    person("sai.donvi", "Thị Sai", "Võ", PASSWORDS["sai.donvi"], "no-such-unit"),
    person("khong.nhom", "Văn Nhóm", "Đỗ", PASSWORDS["khong.nhom"], "ward-one"),
    person("trung.ten", "Văn Trùng", "Bùi", PASSWORDS["trung.ten"], "ward-one"),
]

MEMBERS = {
    "cchc-canbo": ["canbo.mot", "khong.donvi", "sai.donvi", "trung.ten"],
    "cchc-noivu": ["noivu.tp"],
    "cchc-lanhdao": ["lanhdao.tp", "noivu.tp"],
    # A group the portal maps to no role.
    "cchc-khac": ["khong.nhom"],
}


def group_dn(name):
    return f"cn={name},{GROUPS}"


def person_dn(uid):
    return f"uid={uid},{PEOPLE}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Directory:
    uri: str
    folder: Path
    process: subprocess.Popen
    _undo: list = field(default_factory=list)

    def connect(self):
        conn = ldap.initialize(self.uri)
        conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        return conn

    def settings(self):
        """The portal's settings for this directory (as the environment would give them)."""
        return {
            "AUTH_LDAP_SERVER_URI": self.uri,
            "AUTH_LDAP_BIND_DN": SERVICE_DN,
            "AUTH_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "AUTH_LDAP_USER_SEARCH_BASE": PEOPLE,
            "AUTH_LDAP_USER_FILTER": "(uid=%(user)s)",
            "AUTH_LDAP_GROUP_SEARCH_BASE": GROUPS,
            "AUTH_LDAP_GROUP_KIND": "groupOfNames",
            "AUTH_LDAP_ROLE_GROUPS": (
                f"unit_staff={group_dn('cchc-canbo')};"
                f"internal_affairs={group_dn('cchc-noivu')};"
                f"leadership={group_dn('cchc-lanhdao')}"
            ),
            "AUTH_LDAP_UNIT_ATTRIBUTE": "departmentNumber",
        }

    def replace(self, dn, attribute, values):
        """Change an entry's attribute for one test (undone by `restore`)."""
        conn = self.connect()
        try:
            old = conn.search_s(dn, ldap.SCOPE_BASE, attrlist=[attribute])[0][1].get(attribute)
            conn.modify_s(dn, [(ldap.MOD_REPLACE, attribute, [v.encode() for v in values] or None)])
        finally:
            conn.unbind_s()
        self._undo.append((dn, attribute, old))

    def restore(self):
        conn = self.connect()
        try:
            while self._undo:
                dn, attribute, old = self._undo.pop()
                conn.modify_s(dn, [(ldap.MOD_REPLACE, attribute, old)])
        finally:
            conn.unbind_s()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def start():
    """Write the configuration, start slapd on a free loopback port, load the directory."""
    slapd = shutil.which("slapd") or "/usr/sbin/slapd"
    if not Path(slapd).exists():
        raise RuntimeError("slapd is not installed (the Makefile's test packages install it).")
    folder = Path(tempfile.mkdtemp(prefix="cchc-slapd-"))
    (folder / "data").mkdir()
    includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
    (folder / "slapd.conf").write_text(
        CONFIG.format(
            includes=includes,
            dir=folder,
            suffix=SUFFIX,
            root_dn=ROOT_DN,
            root_password=ROOT_PASSWORD,
        )
    )
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = open(folder / "slapd.log", "wb")  # noqa: SIM115 (kept open while slapd runs)
    # -d keeps slapd in the foreground (no fork), so terminate() stops it.
    process = subprocess.Popen(
        [slapd, "-f", str(folder / "slapd.conf"), "-h", f"{uri}/", "-d", "0"],
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=stop_with_this_process,
    )
    directory = Directory(uri=uri, folder=folder, process=process)
    deadline = time.monotonic() + 20
    while True:
        try:
            conn = directory.connect()
            break
        except ldap.SERVER_DOWN:
            if process.poll() is not None or time.monotonic() > deadline:
                directory.stop()
                raise RuntimeError(
                    "slapd did not start: " + (folder / "slapd.log").read_text(errors="replace")
                ) from None
            time.sleep(0.1)
    try:
        for dn, entry in ENTRIES:
            conn.add_s(dn, ldap.modlist.addModlist(entry))
        for name, uids in MEMBERS.items():
            entry = {
                "objectClass": [b"groupOfNames"],
                "cn": [name.encode()],
                "member": [person_dn(uid).encode() for uid in uids],
            }
            conn.add_s(group_dn(name), ldap.modlist.addModlist(entry))
    finally:
        conn.unbind_s()
    return directory
