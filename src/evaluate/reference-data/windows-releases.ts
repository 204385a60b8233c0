/**
 * Windows Server releases EKS has shipped optimized AMIs for, with their support dates.
 * A new release or a newly announced end date is a one-line change here; the rules read
 * nothing else. Dates are calendar days (YYYY-MM-DD, UTC).
 */

export interface WindowsReleaseLifecycle {
  /**
   * The Windows build number: the third part of the PlatformVersion Systems Manager reports
   * for a node (10.0.<build>).
   */
  build: string;
  /** When Amazon EKS first shipped optimized AMIs of this release. */
  eksRelease: string;
  /** Amazon EKS end of support, where EKS announced one. */
  eksEndOfSupport?: string;
  /**
   * Microsoft mainstream support end (LTSC releases only): security updates continue after
   * it. Like every Microsoft date here, the last supported day.
   */
  mainstreamEnd?: string;
  /** Microsoft extended support end (LTSC) or end of servicing (Semi-Annual Channel): the last supported day. */
  extendedEnd?: string;
  /** The oldest Kubernetes version EKS ships (and supports) this release's AMIs for. */
  minimumKubernetesVersion?: string;
  /**
   * The launch agent of its EKS AMIs, which runs the user data: EC2Launch v2 "comes
   * pre-installed on Amazon Windows Server 2022 and 2025 AMIs" (EC2 user guide, EC2Config);
   * an EKS 2019 AMI's console says "Launch: EC2 Launch v1.3.2002240" (terraform-aws-eks#717).
   */
  launchAgent: 'EC2Launch v1' | 'EC2Launch v2';
  /** False while the dates above are announced but not fully confirmed. */
  datesConfirmed: boolean;
  source: string;
}

const EKS_WINDOWS_AMIS =
  'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html';
const MICROSOFT_LIFECYCLE =
  'Microsoft product lifecycle — https://learn.microsoft.com/lifecycle/products/';

/** Keyed by the release as AMI names, amiTypes and SSM builds spell it. */
export const WINDOWS_RELEASES: Readonly<Record<string, WindowsReleaseLifecycle>> = {
  '1909': {
    build: '18363',
    eksRelease: '2019-10-07',
    eksEndOfSupport: '2020-12-08',
    extendedEnd: '2021-05-11',
    launchAgent: 'EC2Launch v1',
    datesConfirmed: true,
    source: `${EKS_WINDOWS_AMIS}; ${MICROSOFT_LIFECYCLE}windows-server-1909`,
  },
  '2019': {
    build: '17763',
    eksRelease: '2019-10-07',
    mainstreamEnd: '2024-01-09',
    extendedEnd: '2029-01-09',
    launchAgent: 'EC2Launch v1',
    datesConfirmed: true,
    source: `${EKS_WINDOWS_AMIS}; ${MICROSOFT_LIFECYCLE}windows-server-2019`,
  },
  '2004': {
    build: '19041',
    eksRelease: '2020-08-19',
    eksEndOfSupport: '2021-12-14',
    extendedEnd: '2021-12-14',
    launchAgent: 'EC2Launch v1',
    datesConfirmed: true,
    source: `${EKS_WINDOWS_AMIS}; ${MICROSOFT_LIFECYCLE}windows-server-2004`,
  },
  '20H2': {
    build: '19042',
    eksRelease: '2021-08-12',
    eksEndOfSupport: '2022-08-09',
    extendedEnd: '2022-08-09',
    minimumKubernetesVersion: '1.21',
    launchAgent: 'EC2Launch v1',
    datesConfirmed: true,
    source: `${EKS_WINDOWS_AMIS}; ${MICROSOFT_LIFECYCLE}windows-server-20h2`,
  },
  '2022': {
    build: '20348',
    eksRelease: '2022-10-17',
    mainstreamEnd: '2026-10-13',
    extendedEnd: '2031-10-14',
    minimumKubernetesVersion: '1.23',
    launchAgent: 'EC2Launch v2',
    datesConfirmed: true,
    source: `${EKS_WINDOWS_AMIS}; ${MICROSOFT_LIFECYCLE}windows-server-2022`,
  },
  '2025': {
    build: '26100',
    // EKS's release calendar: "Windows Server 2025 Core |01/26/2026", Full the same
    // (eks-optimized-windows-ami.adoc, awsdocs/amazon-eks-user-guide 18559e7); its first AMI
    // version, 1.35-2026-01-22, carries its build date. EKS 1.35 release notes: "adds support
    // for ... Windows Server 2025"; eksctl refuses 2025 below 1.35. Microsoft: mainstream until
    // 2029-11-13, extended until 2034-11-14 (its last supported days; read 2026-11-26 from
    // Microsoft's lifecycle data; an early projection of October 2029/2034 was superseded).
    eksRelease: '2026-01-26',
    mainstreamEnd: '2029-11-13',
    extendedEnd: '2034-11-14',
    minimumKubernetesVersion: '1.35',
    launchAgent: 'EC2Launch v2',
    datesConfirmed: true,
    source: `Amazon EKS optimized Windows AMI versions — https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-versions-windows.html; ${MICROSOFT_LIFECYCLE}windows-server-2025`,
  },
};
