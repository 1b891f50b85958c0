% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: varargin_entry.m:3:1: error: an entry function cannot take varargin
function r = varargin_entry(x, varargin)
  r = x;
end
