#!/usr/bin/env node
/** The CDK app: `npx cdk synth`, `npx cdk deploy --all [-c stage=prod]`. cdk-nag runs on every synth. */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';

buildApp(new App()).app.synth();
