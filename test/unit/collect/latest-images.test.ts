import { describe, expect, it } from 'vitest';
import {
  kubernetesVersionOfImageName,
  latestImageParameterNames,
} from '../../../src/collect/latest-images.ts';

describe('Function: latestImageParameterNames', () => {
  it('names the parameter of every release and edition once per Kubernetes version', () => {
    // Act
    const names = latestImageParameterNames(['1.29', undefined, '1.29', 'not-a-version']);

    // Assess
    expect(names).toEqual([
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.29/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-1.29/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.29/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-EKS_Optimized-1.29/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2025-English-Core-EKS_Optimized-1.29/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-EKS_Optimized-1.29/image_id',
    ]);
  });
});

describe('Function: kubernetesVersionOfImageName', () => {
  it('reads the Kubernetes version from an EKS Windows AMI name', () => {
    // Act
    const version = kubernetesVersionOfImageName(
      'Windows_Server-2022-English-Full-EKS_Optimized-1.31-2024.11.12',
    );

    // Assess
    expect(version).toBe('1.31');
  });

  it('returns undefined for a name without one', () => {
    // Act
    const version = kubernetesVersionOfImageName('Windows_Server-2019-English-Core-EKS_Optimized');

    // Assess
    expect(version).toBeUndefined();
  });
});
