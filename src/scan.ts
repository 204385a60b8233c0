// placeholder: the scan orchestration (collect → decode → evaluate → report) lands here.
export {};
