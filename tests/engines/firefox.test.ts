import { launchFirefoxEngine } from './firefoxEngine';
import { engineScenarios } from './scenarios';

engineScenarios('Firefox', launchFirefoxEngine);
