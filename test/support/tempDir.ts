// Temporary folders for tests (tempDirs.cjs): each test file's are removed after its last test,
// whether it passed or failed, so a test run leaves nothing behind (LibreOffice profiles and
// converted workbooks add up to tens of MB a run).
import { removeTempDirs, tempDir } from "./tempDirs.cjs";

// Each test file has its own module registry, so this registers once per file that uses tempDir.
afterAll(removeTempDirs);

export { tempDir };
