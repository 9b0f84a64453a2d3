export interface CertificateFiles {
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}
export type InstallRoute = "install" | "root" | "no-sudo";
export interface DevCertsLibrary {
  verifyCertificates(cert?: string, key?: string): boolean;
  getHttpsServerOptions(): Promise<unknown>;
  generateCertificates(ca?: string, cert?: string, key?: string): Promise<void>;
}
export interface DevCertificate {
  readonly options: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer } | undefined;
  readonly line: string;
}
export declare function devCertificate(options: { port: number; page?: string; devCerts?: DevCertsLibrary; route?: InstallRoute; files?: CertificateFiles }): Promise<DevCertificate>;
export declare function installRoute(facts?: { platform?: string; isRoot?: boolean; hasSudo?: boolean }): InstallRoute;
export declare function certificateFiles(home?: string): CertificateFiles;
export declare function onPath(command: string, env?: Record<string, string | undefined>): boolean;
