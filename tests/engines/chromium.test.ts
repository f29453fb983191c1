import { launchChromiumEngine } from './chromiumEngine';
import { engineScenarios } from './scenarios';

engineScenarios('Chromium', launchChromiumEngine);
