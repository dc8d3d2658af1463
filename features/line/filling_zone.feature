Feature: Electrolyte filling zone: the dry-room S7-1500 and the filling ControlLogix in one line
  Both controllers run side by side over their own protocols (S7 and CIP) in one virtual time; each
  keeps its own protection when the other one is disturbed.

  Background: the dry room is in operation and the filling station is filling a cell
    Given DryRoom.Cmd.Run is set to on
    And Filler.Dosing.Target is set to 120 g
    And Filler.Dosing.Tolerance is set to 1 g
    And Filler.Cmd.Auto is set to on
    And DryRoom.FillPermit is on within 1 s
    And Filler.Gas.ExtractionProven is on within 1 s
    And Filler.Cmd.Start is pulsed for 100 ms
    And Filler.Dosing.Pump is on within 10 s

  @requirement(LINE-1)
  Scenario: A humid dry room and a solvent leak are each handled by their own controller
    When dr1.dew_point_c is stuck at -42 °C
    And ef1.lel_pct is stuck at 25 %LEL
    Then DryRoom.Dew.Warn is on within 100 ms
    And Filler.Dosing.Pump is off within 1200 ms
    And Filler.Alarm.LEL_Trip is on
    And Filler.Chamber.DoorLock is on
    And DryRoom.FillPermit is on
    And DryRoom.SupplyFan is on

  @requirement(LINE-2)
  Scenario: The dry-room controller in STOP drops the fill permit; the filling controller doses on
    When PLC dryroom goes to STOP for 2 s
    Then DryRoom.FillPermit is off within 100 ms
    And DryRoom.SupplyFan is off
    And Filler.Dosing.Pump stays on for 1 s
    And filler:Filler.Alarm.LEL_Trip is off
    When the fault on dryroom is cleared
    Then DryRoom.FillPermit is on within 100 ms
    # The CPU restarted warm: DryRoom.Cmd.Run (NON_RETAIN) is back at FALSE, so the fan waits for the operator
    # (S7-1500 System Manual, "Operating modes" > STARTUP: non-retentive data get their start values)
    And DryRoom.SupplyFan is off
    When DryRoom.Cmd.Run is set to on
    Then DryRoom.SupplyFan is on within 100 ms
